import { schema, type Tx } from "@trellis/db";
import { count, eq, sql } from "drizzle-orm";
import type { Context } from "../context.ts";
import { limitExceeded } from "../errors.ts";
import { standingOfOrg } from "./account.ts";
import { limitDetail } from "./limit-detail.ts";

/**
 * Throws LimitExceeded (402) when the org may not create another mesh. Runs inside the
 * creating transaction, under a per-org lock, so two concurrent creates cannot both pass.
 */
export async function enforceMeshLimit(ctx: Context, tx: Tx, orgId: string): Promise<void> {
  if (!ctx.billing.enabled) return;
  const standing = await standingOfOrg(ctx, tx, orgId);
  const max = standing.limits.meshes;
  if (max === null) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`trellis.billing.meshes:${orgId}`}))`);
  const [row] = await tx.select({ n: count() }).from(schema.meshes).where(eq(schema.meshes.orgId, orgId));
  const n = row?.n ?? 0;
  if (n >= max) throw limitExceeded(limitDetail(standing, "meshes", max, n));
}
