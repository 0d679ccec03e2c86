import { schema, type Tx } from "@trellis/db";
import { type MeshSettingsSpec, meshSettingsName, meshSettingsSpecSchema } from "@trellis/protocol/resources";
import { and, eq, inArray } from "drizzle-orm";
import type { Context } from "../context.ts";

// A mesh's settings live in one place: its MeshSettings resource named "default".

export async function settingsOf(
  db: Context["db"] | Tx,
  meshIds: string[],
): Promise<Map<string, MeshSettingsSpec>> {
  if (meshIds.length === 0) return new Map();
  const r = schema.meshResources;
  const rows = await db
    .select({ meshId: r.meshId, spec: r.spec })
    .from(r)
    .where(and(inArray(r.meshId, meshIds), eq(r.kind, "MeshSettings"), eq(r.name, meshSettingsName)));
  const out = new Map<string, MeshSettingsSpec>();
  for (const id of meshIds) {
    const row = rows.find((x) => x.meshId === id);
    out.set(id, meshSettingsSpecSchema.parse(row?.spec ?? {}));
  }
  return out;
}
