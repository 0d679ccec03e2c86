import { call, callOptional, enc } from "./raw.ts";

// Alert webhooks (issue 7): org-wide URLs that receive signed flag raised/cleared events.

export interface Webhook {
  id: string;
  url: string;
  description?: string;
  createdAt?: string;
}

export async function listWebhooks(): Promise<Webhook[]> {
  const page = await callOptional<{ items: Webhook[] } | Webhook[]>("Alert webhooks", "GET", "/v1/webhooks");
  return Array.isArray(page) ? page : page.items;
}

/** Creates a webhook; the answer carries the signing secret, shown once. */
export function createWebhook(input: { url: string; description?: string }) {
  return call<Webhook & { secret?: string }>("POST", "/v1/webhooks", input);
}

export function deleteWebhook(id: string): Promise<void> {
  return call<void>("DELETE", `/v1/webhooks/${enc(id)}`);
}
