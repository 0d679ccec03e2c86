import type { Cluster, MeshSync } from "@trellis/protocol/api";
import { NotFoundError } from "../errors.ts";
import { operations } from "../operations.ts";
import { checkOptions, requestOptionKeys } from "../options.ts";
import { sleep } from "../retry.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import { ClustersNamespace } from "./clusters.ts";
import { describeLagging, type LaggingItem, SyncTimeoutError } from "./sync-status.ts";

export type { MeshSync };

/** Options of `waitForSync`. */
export interface WaitForSyncOptions {
  /** Give up after this long with a `SyncTimeoutError`. Default 60 s. */
  timeoutMs?: number;
  /** Poll interval. Default 1 s. */
  pollMs?: number;
  /** Aborts the wait. */
  signal?: AbortSignal;
  /** Called with every status read, e.g. to show progress. */
  onProgress?: (status: MeshSync, behind: LaggingItem[]) => void;
}

/**
 * Sync status of one mesh: which config version each cluster (connector) and proxy runs
 * compared with the version the mesh's resources compile to.
 */
export class SyncNamespace {
  /** @internal */
  constructor(
    private readonly t: Transport,
    private readonly mesh: string,
  ) {}

  /**
   * The mesh's sync status. Against a control plane without the sync route yet, it is
   * derived from the cluster list (clusters only, no proxies).
   */
  async get(options: RequestOptions = {}): Promise<MeshSync> {
    checkOptions("sync.get", options, requestOptionKeys);
    try {
      return (await this.t.call<MeshSync>(operations.getSync, { ...options, params: { mesh: this.mesh } }))
        .body;
    } catch (err) {
      if (!(err instanceof NotFoundError && err.routeMissing)) throw err;
      const clusters = await new ClustersNamespace(this.t, this.mesh).listAll(options);
      return syncFromClusters(this.mesh, clusters);
    }
  }

  /**
   * Resolves when every cluster and proxy runs the desired config version; rejects with
   * `SyncTimeoutError` listing which are behind and why (disconnected, NACKed, pending).
   */
  async wait(options: WaitForSyncOptions = {}): Promise<MeshSync> {
    checkOptions("waitForSync", options, ["timeoutMs", "pollMs", "signal", "onProgress"]);
    const timeoutMs = options.timeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    let last: MeshSync | undefined;
    for (;;) {
      const remaining = deadline - Date.now();
      const signal = AbortSignal.any([
        AbortSignal.timeout(Math.max(1, remaining)),
        ...(options.signal ? [options.signal] : []),
      ]);
      try {
        last = await this.get({ signal });
      } catch (err) {
        if (options.signal?.aborted || !signal.aborted) throw err;
        throw new SyncTimeoutError(this.mesh, timeoutMs, last);
      }
      const behind = describeLagging(last);
      options.onProgress?.(last, behind);
      if (last.inSync && behind.length === 0) return last;
      const wait = Math.min(options.pollMs ?? 1_000, deadline - Date.now());
      if (wait <= 0) throw new SyncTimeoutError(this.mesh, timeoutMs, last);
      await sleep(wait, options.signal);
    }
  }
}

/** A sync status built from the clusters alone (for control planes without `/sync`). */
export function syncFromClusters(mesh: string, clusters: Cluster[]): MeshSync {
  const live = clusters.filter((c) => c.revokedAt === null);
  const rows = live.map((c) => {
    const inSync = c.appliedVersion !== null && c.appliedVersion >= c.desiredVersion;
    return {
      cluster: c.name,
      connected: c.connected,
      desiredVersion: c.desiredVersion,
      appliedVersion: c.appliedVersion,
      inSync,
      laggingSince: null,
      lastNack: c.lastNack,
    };
  });
  return {
    mesh,
    desiredVersion: Math.max(0, ...live.map((c) => c.desiredVersion)),
    inSync: rows.every((r) => r.inSync),
    clusters: rows,
    proxies: [],
  };
}
