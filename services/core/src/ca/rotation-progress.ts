import { schema, type Tx } from "@trellis/db";
import { and, eq, isNotNull, isNull, ne, or } from "drizzle-orm";
import type { Context } from "../context.ts";
import { connectedNow } from "../sync/connection.ts";
import type { MeshCaRow } from "./store.ts";

export interface RotationProgress {
  /** Connected clusters, and those that ACKed the snapshot carrying both roots. */
  clusters: { total: number; withBundle: number };
  /**
   * Live (not gone) proxies: applied that snapshot / present a leaf from the new root. An xDS
   * client without a workload certificate (no cert agent beside it) has no leaf to re-issue
   * and no TLS to trust the bundle for: it is left out, or it would hold the rotation forever.
   */
  proxies: { total: number; withBundle: number; onNewRoot: number };
  /** Clusters with a live proxy still on another root (rotateCertificates goes to them). */
  laggingClusterIds: string[];
}

/** Where a mesh's rotation stands, from the clusters' ACKs and the proxies' reports. */
export async function rotationProgress(
  ctx: Context,
  db: Context["db"] | Tx,
  row: MeshCaRow,
): Promise<RotationProgress> {
  const bundleVersion = row.rotationBundleVersion ?? Number.MAX_SAFE_INTEGER;
  const c = schema.clusters;
  const clusters = await db
    .select({ applied: c.appliedVersion })
    .from(c)
    .where(and(eq(c.meshId, row.meshId), connectedNow(ctx), isNull(c.revokedAt)));
  const p = schema.proxies;
  const proxies = await db
    .select({ clusterId: p.clusterId, applied: p.appliedConfigVersion, root: p.certRootFingerprint })
    .from(p)
    .where(
      and(
        eq(p.meshId, row.meshId),
        ne(p.health, "gone"),
        or(eq(p.kind, "trellis-proxy"), isNotNull(p.certRootFingerprint)),
      ),
    );
  const onNewRoot = proxies.filter((x) => x.root !== null && x.root === row.rotationNewRoot);
  return {
    clusters: {
      total: clusters.length,
      withBundle: clusters.filter((x) => (x.applied ?? 0) >= bundleVersion).length,
    },
    proxies: {
      total: proxies.length,
      withBundle: proxies.filter((x) => (x.applied ?? 0) >= bundleVersion).length,
      onNewRoot: onNewRoot.length,
    },
    laggingClusterIds: [
      ...new Set(proxies.filter((x) => x.root !== row.rotationNewRoot).map((x) => x.clusterId)),
    ].sort(),
  };
}

/** Every connected cluster and live proxy holds the bundle with both roots. */
export const bundleEverywhere = (p: RotationProgress) =>
  p.clusters.withBundle === p.clusters.total && p.proxies.withBundle === p.proxies.total;

/** Every live proxy presents a leaf from the new root. */
export const reissuedEverywhere = (p: RotationProgress) => p.proxies.onNewRoot === p.proxies.total;
