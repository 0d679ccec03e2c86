import { createWebhook, deleteWebhook, listDeliveries, listWebhooks } from "@trellis/core/webhooks";
import {
  createdWebhookSchema,
  createWebhookInputSchema,
  pageQuerySchema,
  pageSchema,
  webhookDeliverySchema,
  webhookSchema,
} from "@trellis/protocol/api";
import { route } from "../route.ts";

export const webhookRoutes = [
  route({
    method: "post",
    path: "/v1/webhooks",
    summary: "Register an alert webhook (flag raised/cleared events); its signing secret is shown once",
    tag: "webhooks",
    body: createWebhookInputSchema,
    idempotent: true,
    responses: { 201: { description: "Created", schema: createdWebhookSchema } },
    handler: async ({ ctx, actor, requestId, body }) => ({
      status: 201,
      body: await createWebhook({ ctx, actor, requestId, input: body }),
    }),
  }),
  route({
    method: "get",
    path: "/v1/webhooks",
    summary: "List the org's webhooks",
    tag: "webhooks",
    query: pageQuerySchema,
    responses: { 200: { description: "A page of webhooks", schema: pageSchema(webhookSchema) } },
    handler: async ({ ctx, actor, requestId, query }) => ({
      status: 200,
      body: await listWebhooks({ ctx, actor, requestId, input: query }),
    }),
  }),
  route({
    method: "delete",
    path: "/v1/webhooks/:id",
    summary: "Delete a webhook and its delivery log",
    tag: "webhooks",
    responses: { 204: { description: "Deleted" } },
    handler: async ({ ctx, actor, requestId, params }) => {
      await deleteWebhook({ ctx, actor, requestId, input: { id: params.id! } });
      return { status: 204 };
    },
  }),
  route({
    method: "get",
    path: "/v1/webhooks/:id/deliveries",
    summary: "The webhook's delivery log, newest first",
    tag: "webhooks",
    query: pageQuerySchema,
    responses: { 200: { description: "A page of deliveries", schema: pageSchema(webhookDeliverySchema) } },
    handler: async ({ ctx, actor, requestId, params, query }) => ({
      status: 200,
      body: await listDeliveries({ ctx, actor, requestId, input: { ...query, id: params.id! } }),
    }),
  }),
];
