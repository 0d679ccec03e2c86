import { schema } from "@trellis/db";
import type { FlagEvent, HealthFlag } from "@trellis/protocol/api";
import { asc, eq, gt, sql } from "drizzle-orm";
import type { Context } from "../context.ts";
import type { MeshRow } from "../meshes/find.ts";
import { enqueueEvents, eventId } from "../webhooks/enqueue.ts";
import { computeFlags } from "./flags.ts";
import { flagPolicy, loadMeshState } from "./load-state.ts";
import { flagKey } from "./state.ts";

type StoredFlag = typeof schema.healthFlags.$inferSelect;

/** Which flags appeared and which cleared between the stored set and the current one. Pure. */
export function diffFlags(stored: StoredFlag[], current: HealthFlag[]) {
  const before = new Map(stored.map((f) => [f.key, f]));
  const now = new Map(current.map((f) => [flagKey(f), f]));
  return {
    raised: [...now.entries()].filter(([k]) => !before.has(k)).map(([, f]) => f),
    cleared: [...before.entries()].filter(([k]) => !now.has(k)).map(([, f]) => f),
  };
}

/**
 * One worker pass over every mesh: compute the flags, diff them against `health_flags`,
 * store the new set and queue `flag.raised` / `flag.cleared` events for the org's webhooks
 * in the same transaction. A per-mesh advisory lock makes concurrent workers take turns,
 * so an appearance is announced once. Returns the current count per flag (for /metrics).
 */
export async function trackFlags(ctx: Context): Promise<{ counts: Map<string, number>; events: number }> {
  const counts = new Map<string, number>();
  let events = 0;
  const policy = flagPolicy(ctx);
  let after = "";
  for (;;) {
    const meshes = await ctx.db
      .select()
      .from(schema.meshes)
      .where(gt(schema.meshes.id, after))
      .orderBy(asc(schema.meshes.id))
      .limit(100);
    if (meshes.length === 0) break;
    after = meshes[meshes.length - 1]!.id;
    for (const mesh of meshes) {
      const now = ctx.clock.now();
      const flags = computeFlags(await loadMeshState(ctx, mesh), policy, now);
      for (const f of flags) counts.set(f.flag, (counts.get(f.flag) ?? 0) + 1);
      events += await storeDiff(ctx, mesh, flags, now);
    }
  }
  return { counts, events };
}

async function storeDiff(ctx: Context, mesh: MeshRow, flags: HealthFlag[], now: Date): Promise<number> {
  const h = schema.healthFlags;
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7272, hashtext(${mesh.id}))`);
    const stored = await tx.select().from(h).where(eq(h.meshId, mesh.id));
    const { raised, cleared } = diffFlags(stored, flags);
    if (raised.length === 0 && cleared.length === 0) return 0;
    const events: FlagEvent[] = [];
    const base = { orgId: mesh.orgId, mesh: mesh.name, createdAt: now.toISOString() };
    for (const f of cleared) {
      await tx.delete(h).where(sql`${h.meshId} = ${mesh.id} and ${h.key} = ${f.key}`);
      events.push({
        ...base,
        id: eventId(),
        type: "flag.cleared",
        flag: {
          flag: f.flag as HealthFlag["flag"],
          subjectKind: f.subjectKind as HealthFlag["subjectKind"],
          subject: f.subject,
          reason: f.reason,
          since: null,
          raisedAt: f.raisedAt.toISOString(),
        },
      });
    }
    if (raised.length > 0)
      await tx.insert(h).values(
        raised.map((f) => ({
          meshId: mesh.id,
          orgId: mesh.orgId,
          key: flagKey(f),
          flag: f.flag,
          subjectKind: f.subjectKind,
          subject: f.subject,
          reason: f.reason,
          raisedAt: now,
        })),
      );
    for (const f of raised)
      events.push({
        ...base,
        id: eventId(),
        type: "flag.raised",
        flag: { ...f, raisedAt: now.toISOString() },
      });
    await enqueueEvents(tx, mesh.orgId, events, now);
    return events.length;
  });
}
