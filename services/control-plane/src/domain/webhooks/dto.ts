import type { schema } from "@trellis/db";
import type { WebhookDeliveryDto, WebhookDto } from "../../api/schemas/webhooks.ts";

type WebhookRow = typeof schema.webhooks.$inferSelect;
type DeliveryRow = typeof schema.webhookDeliveries.$inferSelect;

/** Never carries the secret: it is shown once, by `createWebhook`. */
export function webhookDto(r: WebhookRow): WebhookDto {
  return { id: r.id, url: r.url, description: r.description, createdAt: r.createdAt.toISOString() };
}

export function deliveryDto(r: DeliveryRow): WebhookDeliveryDto {
  return {
    id: r.id,
    eventId: r.eventId,
    eventType: r.eventType,
    status: r.status as WebhookDeliveryDto["status"],
    attempts: r.attempts,
    nextAttemptAt: r.status === "pending" ? (r.nextAttemptAt?.toISOString() ?? null) : null,
    lastStatusCode: r.lastStatusCode,
    lastError: r.lastError,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}
