import { schema } from "@trellis/db";
import { inArray } from "drizzle-orm";
import type { Context } from "../context.ts";

/** Current config version of each mesh, in one query. */
export async function meshVersions(ctx: Context, meshIds: string[]): Promise<Map<string, number>> {
  if (meshIds.length === 0) return new Map();
  const m = schema.meshes;
  const rows = await ctx.db
    .select({ id: m.id, version: m.configVersion })
    .from(m)
    .where(inArray(m.id, meshIds));
  return new Map(rows.map((r) => [r.id, r.version]));
}
