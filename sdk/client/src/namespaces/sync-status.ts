import type { MeshSync } from "@trellis/protocol/api";

/** One cluster or proxy that does not run the desired config version, and why. */
export interface LaggingItem {
  kind: "cluster" | "proxy";
  /** The cluster's name, or the proxy's id. */
  name: string;
  /** The cluster it runs in (the cluster itself for a cluster). */
  cluster: string;
  desiredVersion: number;
  /** The version it last applied; null when it never applied any. */
  appliedVersion: number | null;
  /** Why, in words: disconnected, rejected (NACK) with the error, or still applying. */
  reason: string;
}

/** Lists what is behind in a sync status, with a reason for each. Pure. */
export function describeLagging(status: MeshSync): LaggingItem[] {
  const clusters: LaggingItem[] = status.clusters
    .filter((c) => !c.inSync)
    .map((c) => {
      const applied = c.appliedVersion === null ? "never applied a config" : `runs v${c.appliedVersion}`;
      const nack =
        c.lastNack && c.lastNack.version > (c.appliedVersion ?? -1)
          ? `rejected v${c.lastNack.version} (NACK: ${c.lastNack.error})`
          : undefined;
      const reason = nack
        ? `${nack}; ${applied}`
        : !c.connected
          ? `connector disconnected; ${applied}, desired v${c.desiredVersion}`
          : `${applied}, desired v${c.desiredVersion} (not acknowledged yet)`;
      return {
        kind: "cluster",
        name: c.cluster,
        cluster: c.cluster,
        desiredVersion: c.desiredVersion,
        appliedVersion: c.appliedVersion,
        reason,
      };
    });
  const proxies: LaggingItem[] = status.proxies
    .filter((p) => !p.inSync)
    .map((p) => {
      const applied = p.appliedVersion === null ? "never applied a config" : `runs v${p.appliedVersion}`;
      // `kind` and `lastNack` are absent from control planes that predate them.
      const who = `${p.kind && p.kind !== "trellis-proxy" ? p.kind : "proxy"} of ${p.service}`;
      const nack =
        p.lastNack && p.lastNack.version > (p.appliedVersion ?? -1)
          ? `rejected v${p.lastNack.version} (NACK: ${p.lastNack.error}); `
          : "";
      return {
        kind: "proxy",
        name: p.proxy,
        cluster: p.cluster,
        desiredVersion: p.desiredVersion,
        appliedVersion: p.appliedVersion,
        reason: `${who} ${nack}${applied}, desired v${p.desiredVersion}`,
      };
    });
  return [...clusters, ...proxies];
}

/** `waitForSync` gave up: `behind` lists every cluster and proxy still behind, and why. */
export class SyncTimeoutError extends Error {
  /** The mesh that did not converge. */
  readonly mesh: string;
  /** How long it waited. */
  readonly timeoutMs: number;
  /** What was behind at the last poll (empty if no status could be read in time). */
  readonly behind: LaggingItem[];
  /** The last status read, if any. */
  readonly lastStatus: MeshSync | undefined;

  constructor(mesh: string, timeoutMs: number, lastStatus: MeshSync | undefined) {
    const behind = lastStatus ? describeLagging(lastStatus) : [];
    const list = behind.map((b) => `${b.kind} ${b.name}: ${b.reason}`).join("; ");
    super(
      lastStatus
        ? `mesh ${mesh} is not in sync after ${timeoutMs} ms (desired v${lastStatus.desiredVersion}): ${list || "status says out of sync"}`
        : `mesh ${mesh}: could not read its sync status within ${timeoutMs} ms`,
    );
    this.name = "SyncTimeoutError";
    this.mesh = mesh;
    this.timeoutMs = timeoutMs;
    this.behind = behind;
    this.lastStatus = lastStatus;
  }
}
