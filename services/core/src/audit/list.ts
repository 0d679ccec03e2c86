import { schema } from "@trellis/db";
import type { AuditEntry, Page, PageQuery } from "@trellis/protocol/api";
import { and, desc, eq, lt, or } from "drizzle-orm";
import { authorize } from "../actor.ts";
import { decodeCursor, toPage } from "../pagination.ts";
import type { VerbArgs } from "../verb.ts";

/** The org's audit log, newest first. */
export async function listAudit({ ctx, actor, input }: VerbArgs<PageQuery>): Promise<Page<AuditEntry>> {
  authorize(actor, "read");
  const a = schema.auditLog;
  const cursor = decodeCursor(input.cursor);
  const before = cursor
    ? or(lt(a.createdAt, new Date(cursor.k)), and(eq(a.createdAt, new Date(cursor.k)), lt(a.id, cursor.id)))
    : undefined;
  const rows = await ctx.db
    .select()
    .from(a)
    .where(and(eq(a.orgId, actor.orgId), before))
    .orderBy(desc(a.createdAt), desc(a.id))
    .limit(input.limit + 1);
  return toPage(
    rows,
    input.limit,
    (r) => ({
      id: r.id,
      actor: r.actor,
      actorLabel: r.actorLabel,
      action: r.action,
      target: r.target,
      requestId: r.requestId,
      details: (r.details as Record<string, unknown> | null) ?? null,
      at: r.createdAt.toISOString(),
    }),
    (r) => ({ k: r.createdAt.toISOString(), id: r.id }),
  );
}
