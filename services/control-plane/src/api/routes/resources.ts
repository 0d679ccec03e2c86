import { deleteResource, getResource, listResources, putResource } from "@trellis/core/resources";
import { pageQuerySchema, pageSchema } from "@trellis/protocol/api";
import { dnsLabelSchema } from "@trellis/protocol/names";
import {
  putResourceBodySchema,
  resourceKindSchema,
  typedMeshResourceSchema,
} from "@trellis/protocol/resources";
import { z } from "zod";
import { type HandlerArgs, type RouteDef, route } from "../route.ts";

// A resource is named by kind, namespace and name. `/resources/{kind}/{name}` addresses the
// `default` namespace (the URLs from before namespaces keep working); any namespace has
// `/namespaces/{namespace}/resources/{kind}/{name}`. Lists span every namespace unless
// `?namespace=` narrows them.

const item = "/resources/:kind/:name";
const bases = [
  { prefix: "/v1/meshes/:mesh", where: "in the default namespace" },
  { prefix: "/v1/meshes/:mesh/namespaces/:namespace", where: "in a namespace" },
];
const params = { kind: resourceKindSchema, namespace: dnsLabelSchema };
const putQuerySchema = z.strictObject({
  /** `All`: validate and answer as if written, change nothing (Kubernetes' server-side dry run). */
  dryRun: z.literal("All").optional(),
});
const listQuerySchema = pageQuerySchema.extend({ namespace: dnsLabelSchema.optional() });

/** `299 - "text"` (RFC 7234 Warning), one per thing the server left out. */
const warningHeader = (warnings: string[]) =>
  warnings.map((w) => `299 - "${w.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(", ");

const identity = (p: Record<string, string>) => ({
  mesh: p.mesh!,
  kind: p.kind!,
  namespace: p.namespace,
  name: p.name!,
});

function itemRoutes(prefix: string, where: string): RouteDef[] {
  return [
    route({
      method: "put",
      path: `${prefix}${item}`,
      summary: `Create or replace a mesh resource ${where}: a whole document (Trellis' or Gateway API's) or { spec }`,
      tag: "resources",
      params,
      body: z.unknown(),
      documentedBody: putResourceBodySchema,
      query: putQuerySchema,
      preconditions: ["If-Match", "If-None-Match"],
      responses: {
        200: {
          description: "Replaced, or unchanged (or would be, with dryRun)",
          schema: typedMeshResourceSchema,
          headers: ["ETag", "Warning"],
        },
        201: {
          description: "Created (or would be)",
          schema: typedMeshResourceSchema,
          headers: ["ETag", "Warning"],
        },
      },
      handler: async ({
        ctx,
        actor,
        requestId,
        params: p,
        body,
        query,
        c,
      }: HandlerArgs<unknown, z.infer<typeof putQuerySchema>>) => {
        const result = await putResource({
          ctx,
          actor,
          requestId,
          input: {
            ...identity(p),
            body,
            ifMatch: c.req.header("if-match"),
            ifNoneMatch: c.req.header("if-none-match"),
            dryRun: query.dryRun === "All",
          },
        });
        const headers: Record<string, string> = { etag: result.etag };
        if (result.warnings.length > 0) headers.warning = warningHeader(result.warnings);
        return { status: result.created ? 201 : 200, body: result.resource, headers };
      },
    }),
    route({
      method: "get",
      path: `${prefix}${item}`,
      summary: `Get a mesh resource ${where}, with its status conditions`,
      tag: "resources",
      params,
      responses: { 200: { description: "The resource", schema: typedMeshResourceSchema, headers: ["ETag"] } },
      handler: async ({ ctx, actor, requestId, params: p }) => {
        const { resource, etag } = await getResource({ ctx, actor, requestId, input: identity(p) });
        return { status: 200, body: resource, headers: { etag } };
      },
    }),
    route({
      method: "delete",
      path: `${prefix}${item}`,
      summary: `Delete a mesh resource ${where}`,
      tag: "resources",
      params,
      preconditions: ["If-Match"],
      errors: ["conflict"],
      responses: { 204: { description: "Deleted" } },
      handler: async ({ ctx, actor, requestId, params: p, c }) => {
        await deleteResource({
          ctx,
          actor,
          requestId,
          input: { ...identity(p), ifMatch: c.req.header("if-match") },
        });
        return { status: 204 };
      },
    }),
  ];
}

const listResponse = {
  200: { description: "A page of resources", schema: pageSchema(typedMeshResourceSchema) },
};

export const resourceRoutes = [
  ...bases.flatMap(({ prefix, where }) => itemRoutes(prefix, where)),
  route({
    method: "get",
    path: "/v1/meshes/:mesh/resources/:kind",
    summary: "List the mesh resources of one kind (every namespace unless ?namespace=)",
    tag: "resources",
    params,
    query: listQuerySchema,
    responses: listResponse,
    handler: async ({ ctx, actor, requestId, params: p, query }) => ({
      status: 200,
      body: await listResources({ ctx, actor, requestId, input: { ...query, mesh: p.mesh!, kind: p.kind! } }),
    }),
  }),
  route({
    method: "get",
    path: "/v1/meshes/:mesh/resources",
    summary: "List all mesh resources (every namespace unless ?namespace=)",
    tag: "resources",
    query: listQuerySchema,
    responses: listResponse,
    handler: async ({ ctx, actor, requestId, params: p, query }) => ({
      status: 200,
      body: await listResources({ ctx, actor, requestId, input: { ...query, mesh: p.mesh! } }),
    }),
  }),
];
