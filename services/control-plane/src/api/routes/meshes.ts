import { createMesh, deleteMesh, getMesh, listMeshes, meshEtag, updateMesh } from "@trellis/core/meshes";
import {
  createMeshInputSchema,
  meshSchema,
  pageQuerySchema,
  pageSchema,
  updateMeshInputSchema,
} from "@trellis/protocol/api";
import { route } from "../route.ts";

export const meshRoutes = [
  route({
    method: "post",
    path: "/v1/meshes",
    summary: "Create a mesh",
    tag: "meshes",
    body: createMeshInputSchema,
    idempotent: true,
    // The plan's mesh limit (billing).
    errors: ["conflict", "limit_exceeded"],
    responses: { 201: { description: "Created", schema: meshSchema, headers: ["ETag", "Location"] } },
    handler: async ({ ctx, actor, requestId, body }) => {
      const mesh = await createMesh({ ctx, actor, requestId, input: body });
      return {
        status: 201,
        body: mesh,
        headers: { etag: meshEtag(mesh), location: `/v1/meshes/${mesh.name}` },
      };
    },
  }),
  route({
    method: "get",
    path: "/v1/meshes",
    summary: "List meshes",
    tag: "meshes",
    query: pageQuerySchema,
    responses: { 200: { description: "A page of meshes", schema: pageSchema(meshSchema) } },
    handler: async ({ ctx, actor, requestId, query }) => ({
      status: 200,
      body: await listMeshes({ ctx, actor, requestId, input: query }),
    }),
  }),
  route({
    method: "get",
    path: "/v1/meshes/:mesh",
    summary: "Get a mesh",
    tag: "meshes",
    responses: { 200: { description: "The mesh", schema: meshSchema, headers: ["ETag"] } },
    handler: async ({ ctx, actor, requestId, params }) => {
      const { mesh, row } = await getMesh({ ctx, actor, requestId, input: { name: params.mesh! } });
      return { status: 200, body: mesh, headers: { etag: meshEtag(row) } };
    },
  }),
  route({
    method: "patch",
    path: "/v1/meshes/:mesh",
    summary: "Update a mesh's description or settings (If-Match supported)",
    tag: "meshes",
    body: updateMeshInputSchema,
    preconditions: ["If-Match"],
    responses: { 200: { description: "Updated", schema: meshSchema, headers: ["ETag"] } },
    handler: async ({ ctx, actor, requestId, params, body, c }) => {
      const mesh = await updateMesh({
        ctx,
        actor,
        requestId,
        input: { ...body, name: params.mesh!, ifMatch: c.req.header("if-match") },
      });
      return { status: 200, body: mesh, headers: { etag: meshEtag(mesh) } };
    },
  }),
  route({
    method: "delete",
    path: "/v1/meshes/:mesh",
    summary: "Delete a mesh with its clusters and resources",
    tag: "meshes",
    responses: { 204: { description: "Deleted" } },
    handler: async ({ ctx, actor, requestId, params }) => {
      await deleteMesh({ ctx, actor, requestId, input: { name: params.mesh! } });
      return { status: 204 };
    },
  }),
];
