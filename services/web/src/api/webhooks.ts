import type { CreatedWebhook, Webhook, WebhookDelivery, WebhookInput } from "@trellis/sdk";
import { api } from "./client.ts";
import { optional } from "./optional.ts";

// Alert webhooks: org-wide URLs that receive signed flag raised/cleared events.

export function listWebhooks(): Promise<Webhook[]> {
  return optional("Alert webhooks", api.webhooks.listAll());
}

export function createWebhook(input: WebhookInput): Promise<CreatedWebhook> {
  return api.webhooks.create(input);
}

export function deleteWebhook(id: string): Promise<void> {
  return api.webhooks.delete(id);
}

/** The newest deliveries of one webhook. */
export async function listDeliveries(id: string, limit = 20): Promise<WebhookDelivery[]> {
  return (await api.webhooks.deliveries(id).list({ limit })).items;
}
