import { api } from "./client.ts";
import { optional, shaped } from "./optional.ts";

// Alert webhooks (issue 7): org-wide URLs that receive signed flag raised/cleared events.
// Shapes as services/control-plane/src/api/schemas/webhooks.ts publishes them.

export interface Webhook {
  id: string;
  url: string;
  description: string;
  createdAt: string;
}

export interface CreatedWebhook extends Webhook {
  /** The HMAC key for `X-Trellis-Signature`; shown once. */
  secret: string;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export async function listWebhooks(): Promise<Webhook[]> {
  return shaped(await optional("Alert webhooks", api.webhooks.listAll()));
}

export async function createWebhook(input: { url: string; description?: string }): Promise<CreatedWebhook> {
  return shaped(await api.webhooks.create(input));
}

export function deleteWebhook(id: string): Promise<void> {
  return api.webhooks.delete(id);
}

/** The newest deliveries of one webhook. */
export async function listDeliveries(id: string, limit = 20): Promise<WebhookDelivery[]> {
  return shaped((await api.webhooks.deliveries(id).list({ limit })).items);
}
