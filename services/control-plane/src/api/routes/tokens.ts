import { createToken, listTokens, revokeToken } from "@trellis/core/tokens";
import {
  apiTokenSchema,
  createdTokenSchema,
  createTokenInputSchema,
  pageQuerySchema,
  pageSchema,
} from "@trellis/protocol/api";
import { route } from "../route.ts";

export const tokenRoutes = [
  route({
    method: "post",
    path: "/v1/tokens",
    summary: "Create an API token (the secret is shown once)",
    tag: "tokens",
    body: createTokenInputSchema,
    idempotent: true,
    responses: { 201: { description: "Created", schema: createdTokenSchema } },
    handler: async ({ ctx, actor, requestId, body }) => ({
      status: 201,
      body: await createToken({ ctx, actor, requestId, input: body }),
    }),
  }),
  route({
    method: "get",
    path: "/v1/tokens",
    summary: "List API tokens",
    tag: "tokens",
    query: pageQuerySchema,
    responses: { 200: { description: "A page of tokens", schema: pageSchema(apiTokenSchema) } },
    handler: async ({ ctx, actor, requestId, query }) => ({
      status: 200,
      body: await listTokens({ ctx, actor, requestId, input: query }),
    }),
  }),
  route({
    method: "delete",
    path: "/v1/tokens/:id",
    summary: "Revoke an API token",
    tag: "tokens",
    responses: { 204: { description: "Revoked" } },
    handler: async ({ ctx, actor, requestId, params }) => {
      await revokeToken({ ctx, actor, requestId, input: { id: params.id! } });
      return { status: 204 };
    },
  }),
];
