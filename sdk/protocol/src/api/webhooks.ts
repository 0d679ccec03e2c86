import { z } from "zod";
import { healthFlagSchema } from "./health.ts";

export const createWebhookInputSchema = z.object({
  url: z.string().url().max(2048),
  description: z.string().max(200).default(""),
});
export type CreateWebhookInput = z.infer<typeof createWebhookInputSchema>;

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof webhookSchema>;

export const createdWebhookSchema = webhookSchema.extend({
  /** The HMAC key for `X-Trellis-Signature`; shown once. */
  secret: z.string(),
});
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>;

export const webhookDeliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  /** pending (retrying) | delivered | failed (gave up) */
  status: z.enum(["pending", "delivered", "failed"]),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

/** The JSON body POSTed to a webhook (verify `X-Trellis-Signature` before trusting it). */
export const flagEventSchema = z.object({
  id: z.string(),
  type: z.enum(["flag.raised", "flag.cleared"]),
  createdAt: z.string(),
  orgId: z.string(),
  mesh: z.string(),
  flag: healthFlagSchema.extend({ raisedAt: z.string() }),
});
export type FlagEvent = z.infer<typeof flagEventSchema>;
