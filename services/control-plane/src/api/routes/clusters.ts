import {
  createCluster,
  deleteCluster,
  getCluster,
  listClusters,
  newJoinToken,
  revokeCluster,
} from "@trellis/core/clusters";
import {
  clusterSchema,
  createClusterInputSchema,
  createdClusterSchema,
  joinTokenSchema,
  pageQuerySchema,
  pageSchema,
} from "@trellis/protocol/api";
import { route } from "../route.ts";

export const clusterRoutes = [
  route({
    method: "post",
    path: "/v1/meshes/:mesh/clusters",
    summary: "Register a cluster; returns its one-time join token",
    tag: "clusters",
    body: createClusterInputSchema,
    idempotent: true,
    responses: { 201: { description: "Created", schema: createdClusterSchema } },
    handler: async ({ ctx, actor, requestId, params, body }) => ({
      status: 201,
      body: await createCluster({ ctx, actor, requestId, input: { mesh: params.mesh!, name: body.name } }),
    }),
  }),
  route({
    method: "get",
    path: "/v1/meshes/:mesh/clusters",
    summary: "List clusters",
    tag: "clusters",
    query: pageQuerySchema,
    responses: { 200: { description: "A page of clusters", schema: pageSchema(clusterSchema) } },
    handler: async ({ ctx, actor, requestId, params, query }) => ({
      status: 200,
      body: await listClusters({ ctx, actor, requestId, input: { ...query, mesh: params.mesh! } }),
    }),
  }),
  route({
    method: "get",
    path: "/v1/meshes/:mesh/clusters/:cluster",
    summary: "Get a cluster",
    tag: "clusters",
    responses: { 200: { description: "The cluster", schema: clusterSchema } },
    handler: async ({ ctx, actor, requestId, params }) => ({
      status: 200,
      body: await getCluster({ ctx, actor, requestId, input: { mesh: params.mesh!, name: params.cluster! } }),
    }),
  }),
  route({
    method: "delete",
    path: "/v1/meshes/:mesh/clusters/:cluster",
    summary: "Delete a cluster; its connector is cut off",
    tag: "clusters",
    responses: { 204: { description: "Deleted" } },
    handler: async ({ ctx, actor, requestId, params }) => {
      await deleteCluster({ ctx, actor, requestId, input: { mesh: params.mesh!, name: params.cluster! } });
      return { status: 204 };
    },
  }),
  route({
    method: "post",
    path: "/v1/meshes/:mesh/clusters/:cluster/join-token",
    summary: "Issue a new one-time join token",
    tag: "clusters",
    responses: { 201: { description: "Issued", schema: joinTokenSchema } },
    handler: async ({ ctx, actor, requestId, params }) => ({
      status: 201,
      body: await newJoinToken({
        ctx,
        actor,
        requestId,
        input: { mesh: params.mesh!, name: params.cluster! },
      }),
    }),
  }),
  route({
    method: "post",
    path: "/v1/meshes/:mesh/clusters/:cluster/revoke",
    summary: "Revoke the cluster's credential and close its tunnel",
    tag: "clusters",
    responses: { 200: { description: "Revoked", schema: clusterSchema } },
    handler: async ({ ctx, actor, requestId, params }) => ({
      status: 200,
      body: await revokeCluster({
        ctx,
        actor,
        requestId,
        input: { mesh: params.mesh!, name: params.cluster! },
      }),
    }),
  }),
];
