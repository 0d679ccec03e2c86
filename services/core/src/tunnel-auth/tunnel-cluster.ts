import { schema } from "@trellis/db";
import { eq } from "drizzle-orm";
import type { Context } from "../context.ts";

/** The cluster a tunnel stream speaks for, as the tunnel needs it. */
export interface TunnelCluster {
  id: string;
  orgId: string;
  meshId: string;
  name: string;
  meshName: string;
  trustDomain: string;
}

export async function loadTunnelCluster(db: Context["db"], clusterId: string): Promise<TunnelCluster | null> {
  const c = schema.clusters;
  const m = schema.meshes;
  const [row] = await db
    .select({
      id: c.id,
      orgId: c.orgId,
      meshId: c.meshId,
      name: c.name,
      meshName: m.name,
      trustDomain: m.trustDomain,
    })
    .from(c)
    .innerJoin(m, eq(m.id, c.meshId))
    .where(eq(c.id, clusterId));
  return row ?? null;
}
