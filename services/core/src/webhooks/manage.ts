import { schema } from "@trellis/db";
import type { Page, PageQuery, Webhook, WebhookDelivery } from "@trellis/protocol/api";
import { and, asc, desc, eq, lt, or } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { notFound } from "../errors.ts";
import { afterCursor, decodeCursor, toPage } from "../pagination.ts";
import type { VerbArgs } from "../verb.ts";
import { deliveryDto, webhookDto } from "./dto.ts";

// Webhook URLs often embed secrets (chat integrations do), so listing them is an admin
// matter too: every webhook verb needs `webhooks.write`.

export async function listWebhooks({ ctx, actor, input }: VerbArgs<PageQuery>): Promise<Page<Webhook>> {
  authorize(actor, "webhooks.write");
  const w = schema.webhooks;
  const rows = await ctx.db
    .select()
    .from(w)
    .where(and(eq(w.orgId, actor.orgId), afterCursor(w.createdAt, w.id, decodeCursor(input.cursor), true)))
    .orderBy(asc(w.createdAt), asc(w.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, webhookDto, (r) => ({ k: r.createdAt.toISOString(), id: r.id }));
}

export async function deleteWebhook({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<{ id: string }>): Promise<void> {
  authorize(actor, "webhooks.write");
  const w = schema.webhooks;
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(w)
      .where(and(eq(w.id, input.id), eq(w.orgId, actor.orgId)))
      .returning({ id: w.id, url: w.url });
    if (!row) throw notFound(`webhook ${input.id}`);
    await recordAudit(tx, actor, requestId, {
      action: "webhook.delete",
      target: row.id,
      details: { url: row.url },
    });
  });
}

/** The delivery log of one webhook, newest first. */
export async function listDeliveries({
  ctx,
  actor,
  input,
}: VerbArgs<PageQuery & { id: string }>): Promise<Page<WebhookDelivery>> {
  authorize(actor, "webhooks.write");
  const w = schema.webhooks;
  const [hook] = await ctx.db
    .select({ id: w.id })
    .from(w)
    .where(and(eq(w.id, input.id), eq(w.orgId, actor.orgId)));
  if (!hook) throw notFound(`webhook ${input.id}`);
  const d = schema.webhookDeliveries;
  const cursor = decodeCursor(input.cursor);
  const before = cursor
    ? or(lt(d.createdAt, new Date(cursor.k)), and(eq(d.createdAt, new Date(cursor.k)), lt(d.id, cursor.id)))
    : undefined;
  const rows = await ctx.db
    .select()
    .from(d)
    .where(and(eq(d.webhookId, hook.id), before))
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, deliveryDto, (r) => ({ k: r.createdAt.toISOString(), id: r.id }));
}
