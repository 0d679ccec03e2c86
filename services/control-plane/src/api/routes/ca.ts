import {
  getMeshCa,
  listCertificates,
  renewMeshIssuer,
  rotateMeshCa,
  uploadExternalCa,
} from "@trellis/core/ca";
import {
  certificateSchema,
  externalCaInputSchema,
  listCertificatesQuerySchema,
  meshCaSchema,
  pageSchema,
  rotateCaInputSchema,
} from "@trellis/protocol/api";
import { route } from "../route.ts";

export const caRoutes = [
  route({
    method: "get",
    path: "/v1/meshes/:mesh/ca",
    summary: "The mesh CA: backend, roots, issuer expiry and rotation progress",
    tag: "ca",
    responses: { 200: { description: "The mesh CA", schema: meshCaSchema } },
    handler: async ({ ctx, actor, requestId, params }) => ({
      status: 200,
      body: await getMeshCa({ ctx, actor, requestId, input: { mesh: params.mesh! } }),
    }),
  }),
  route({
    method: "post",
    path: "/v1/meshes/:mesh/ca/rotate",
    summary: "Start a zero-downtime trust-bundle rotation to a new root",
    tag: "ca",
    body: rotateCaInputSchema,
    responses: { 202: { description: "Rotation started; follow GET …/ca", schema: meshCaSchema } },
    handler: async ({ ctx, actor, requestId, params, body }) => ({
      status: 202,
      body: await rotateMeshCa({ ctx, actor, requestId, input: { ...body, mesh: params.mesh! } }),
    }),
  }),
  route({
    method: "post",
    path: "/v1/meshes/:mesh/ca/renew-issuer",
    summary: "Replace the issuing certificate under the same root",
    tag: "ca",
    responses: { 200: { description: "Renewed", schema: meshCaSchema } },
    handler: async ({ ctx, actor, requestId, params }) => ({
      status: 200,
      body: await renewMeshIssuer({ ctx, actor, requestId, input: { mesh: params.mesh! } }),
    }),
  }),
  route({
    method: "post",
    path: "/v1/meshes/:mesh/ca/external",
    summary: "Upload the issuing CA (certificate, key, root) of a mesh with an external CA",
    tag: "ca",
    body: externalCaInputSchema,
    responses: { 200: { description: "Validated and stored", schema: meshCaSchema } },
    handler: async ({ ctx, actor, requestId, params, body }) => ({
      status: 200,
      body: await uploadExternalCa({ ctx, actor, requestId, input: { ...body, mesh: params.mesh! } }),
    }),
  }),
  route({
    method: "get",
    path: "/v1/meshes/:mesh/certificates",
    summary: "Certificates the mesh CA issued, newest first",
    tag: "ca",
    query: listCertificatesQuerySchema,
    responses: { 200: { description: "A page of certificates", schema: pageSchema(certificateSchema) } },
    handler: async ({ ctx, actor, requestId, params, query }) => ({
      status: 200,
      body: await listCertificates({ ctx, actor, requestId, input: { ...query, mesh: params.mesh! } }),
    }),
  }),
];
