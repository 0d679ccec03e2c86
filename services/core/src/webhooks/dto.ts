import type { schema } from "@trellis/db";
import type { Webhook, WebhookDelivery } from "@trellis/protocol/api";

type WebhookRow = typeof schema.webhooks.$inferSelect;
type DeliveryRow = typeof schema.webhookDeliveries.$inferSelect;

/** Never carries the secret: it is shown once, by `createWebhook`. */
export function webhookDto(r: WebhookRow): Webhook {
  return { id: r.id, url: r.url, description: r.description, createdAt: r.createdAt.toISOString() };
}

export function deliveryDto(r: DeliveryRow): WebhookDelivery {
  return {
    id: r.id,
    eventId: r.eventId,
    eventType: r.eventType,
    status: r.status as WebhookDelivery["status"],
    attempts: r.attempts,
    nextAttemptAt: r.status === "pending" ? (r.nextAttemptAt?.toISOString() ?? null) : null,
    lastStatusCode: r.lastStatusCode,
    lastError: r.lastError,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}
