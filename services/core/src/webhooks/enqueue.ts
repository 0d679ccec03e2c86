import { randomBytes } from "node:crypto";
import { schema, type Tx } from "@trellis/db";
import type { FlagEvent } from "@trellis/protocol/api";
import { eq } from "drizzle-orm";
import { randomBase62 } from "../ids.ts";

export const deliveryId = () => `whd_${randomBase62(22)}`;
export const eventId = () => `evt_${randomBytes(12).toString("hex")}`;

/**
 * Queues `events` for every webhook of the org, inside the caller's transaction (an outbox:
 * the flag change and its deliveries commit together). The delivery worker sends them.
 */
export async function enqueueEvents(tx: Tx, orgId: string, events: FlagEvent[], now: Date): Promise<number> {
  if (events.length === 0) return 0;
  const hooks = await tx
    .select({ id: schema.webhooks.id })
    .from(schema.webhooks)
    .where(eq(schema.webhooks.orgId, orgId));
  if (hooks.length === 0) return 0;
  const rows = hooks.flatMap((h) =>
    events.map((e) => ({
      id: deliveryId(),
      webhookId: h.id,
      orgId,
      eventId: e.id,
      eventType: e.type,
      payload: JSON.stringify(e),
      status: "pending",
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    })),
  );
  await tx.insert(schema.webhookDeliveries).values(rows);
  return rows.length;
}
