import { schema, type Tx } from "@trellis/db";
import type { MeshSync } from "@trellis/protocol/api";
import { and, asc, eq, ne } from "drizzle-orm";
import { authorize } from "../actor.ts";
import type { LastNack } from "../clusters/dto.ts";
import { kindOf } from "../health/load-state.ts";
import { findMesh } from "../meshes/find.ts";
import { readSnapshot } from "../read-snapshot.ts";
import type { VerbArgs } from "../verb.ts";
import { isConnected } from "./connection.ts";

/**
 * Whether each cluster (and each reported proxy — trellis-proxy or an xDS client of the
 * connector, one receipt each) runs the mesh's desired config version, and since when it
 * has lagged. A cluster that never applied anything lags since it was
 * registered.
 */
export async function getMeshSync({ ctx, actor, input }: VerbArgs<{ mesh: string }>): Promise<MeshSync> {
  authorize(actor, "read");
  // The desired version, clusters and proxies as of one moment: a push or a report
  // committing between the reads cannot make the answer disagree with itself.
  const { mesh, clusterRows, proxyRows } = await readSnapshot(ctx.db, (tx) =>
    readSync(tx, actor.orgId, input.mesh),
  );
  const desired = mesh.configVersion;
  const clusters = clusterRows.map((row) => {
    const inSync = row.appliedVersion !== null && row.appliedVersion >= desired;
    return {
      cluster: row.name,
      connected: isConnected(ctx, row),
      desiredVersion: desired,
      appliedVersion: row.appliedVersion,
      inSync,
      laggingSince: inSync ? null : (row.laggingSince ?? row.createdAt).toISOString(),
      lastNack: (row.lastNack as LastNack | null) ?? null,
    };
  });
  const proxies = proxyRows.map((row) => {
    const inSync = row.applied !== null && row.applied >= desired;
    return {
      proxy: row.proxy,
      kind: kindOf(row.kind),
      cluster: row.cluster,
      service: row.service,
      desiredVersion: desired,
      appliedVersion: row.applied,
      inSync,
      laggingSince: inSync ? null : (row.laggingSince ?? row.lastSeenAt).toISOString(),
      // Stored by ingestProxyReport as `{version, error}`.
      lastNack: (row.lastNack as { version: number; error: string } | null) ?? null,
    };
  });
  return {
    mesh: mesh.name,
    desiredVersion: desired,
    inSync: clusters.every((x) => x.inSync) && proxies.every((x) => x.inSync),
    clusters,
    proxies,
  };
}

async function readSync(tx: Tx, orgId: string, meshName: string) {
  const mesh = await findMesh(tx, orgId, meshName);
  const c = schema.clusters;
  const clusterRows = await tx.select().from(c).where(eq(c.meshId, mesh.id)).orderBy(asc(c.name));
  const p = schema.proxies;
  const proxyRows = await tx
    .select({
      proxy: p.proxyId,
      kind: p.kind,
      lastNack: p.lastNack,
      cluster: c.name,
      service: p.service,
      applied: p.appliedConfigVersion,
      laggingSince: p.laggingSince,
      lastSeenAt: p.lastSeenAt,
    })
    .from(p)
    .innerJoin(c, eq(c.id, p.clusterId))
    .where(and(eq(p.meshId, mesh.id), ne(p.health, "gone"))) // gone proxies stay in the inventory, not in sync
    .orderBy(asc(c.name), asc(p.service), asc(p.proxyId));
  return { mesh, clusterRows, proxyRows };
}
