import * as grpc from "@grpc/grpc-js";
import { type ConfigSnapshot, snapshotSchemaId } from "@trellis/protocol/snapshot";
import { compileMeshConfig, forCluster } from "../compiler/compile.ts";
import type { Context } from "../context.ts";
import type { Change } from "../domain/changes.ts";
import {
  markDisconnected,
  refreshPresence,
  stillAdmitted,
  sweepStaleConnections,
} from "../domain/sync/connection.ts";
import { loadCompileInput } from "../domain/sync/load-inputs.ts";
import { meshVersions } from "../domain/sync/mesh-versions.ts";
import { type ConnectorHandlers, connectorHandlers } from "./handlers.ts";
import type { TunnelSession } from "./session.ts";

export interface HubOptions {
  /** Coalesces bursts of changes into one push per mesh (istiod debounces 100 ms). */
  debounceMs?: number;
  /** Heals lost notifications, revocations and presence; 5 s by default. */
  reconcileIntervalMs?: number;
  /**
   * How a snapshot becomes the bytes on the wire. Tests replace it to send what a
   * connector must refuse (e.g. a schema id from a newer control plane).
   */
  encodeSnapshot?: (snapshot: ConfigSnapshot) => { schema: string; payload: Buffer };
}

const encodeJson = (snapshot: ConfigSnapshot) => ({
  schema: snapshotSchemaId,
  payload: Buffer.from(JSON.stringify(snapshot)),
});

/**
 * The streams this replica holds, and the loop that keeps each connector on its mesh's
 * desired config: change feed → debounce → compile → push; ACK/NACK bookkeeping lives in
 * the sessions; a periodic reconcile heals whatever a lost NOTIFY left behind.
 */
export class TunnelHub {
  readonly handlers: ConnectorHandlers;
  private readonly sessions = new Map<string, TunnelSession>();
  private readonly byMesh = new Map<string, Set<TunnelSession>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private intervals: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | undefined;
  private reconciling: Promise<void> | null = null;
  private readonly heartbeatMs: number;
  private readonly debounceMs: number;
  private readonly reconcileMs: number;
  private readonly encode: NonNullable<HubOptions["encodeSnapshot"]>;

  constructor(
    private readonly ctx: Context,
    options: HubOptions = {},
  ) {
    this.heartbeatMs = ctx.config.TUNNEL_HEARTBEAT_INTERVAL_MS;
    this.debounceMs = options.debounceMs ?? 50;
    this.reconcileMs = options.reconcileIntervalMs ?? 5000;
    this.encode = options.encodeSnapshot ?? encodeJson;
    this.handlers = connectorHandlers(ctx, {
      heartbeatMs: this.heartbeatMs,
      schedule: (id) => this.schedule(id),
    });
  }

  /** The open, welcomed streams of a mesh on this replica (tap commands go to them). */
  sessionsOf(meshId: string): TunnelSession[] {
    return [...(this.byMesh.get(meshId) ?? [])].filter((s) => s.welcomed && !s.closed);
  }

  get size(): number {
    return this.sessions.size;
  }

  start(): void {
    this.unsubscribe = this.ctx.changes.subscribe((change) => this.onChange(change));
    const log = (what: string) => (err: unknown) => this.ctx.logger.error(what, { err });
    this.intervals = [
      setInterval(() => void this.reconcile().catch(log("tunnel reconcile failed")), this.reconcileMs),
      setInterval(() => this.closeSilent(), Math.max(50, Math.floor(this.heartbeatMs / 2))),
    ];
    for (const t of this.intervals) t.unref();
  }

  /** Says goodbye to every stream (reconnect elsewhere) and stops the loops. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const t of [...this.intervals, ...this.timers.values()]) clearInterval(t);
    this.timers.clear();
    const held = [...this.sessions.values()];
    for (const s of held)
      s.close(
        { code: grpc.status.UNAVAILABLE, details: "the control plane is shutting down" },
        "GOODBYE_REASON_SHUTDOWN",
      );
    await Promise.allSettled(held.map((s) => this.detach(s)));
  }

  /** A new authenticated stream; an older one of the same cluster (here or elsewhere) is replaced. */
  attach(s: TunnelSession): void {
    const old = this.sessions.get(s.cluster.id);
    this.sessions.set(s.cluster.id, s);
    const set = this.byMesh.get(s.cluster.meshId) ?? new Set<TunnelSession>();
    this.byMesh.set(s.cluster.meshId, set);
    set.add(s);
    if (old) {
      this.byMesh.get(old.cluster.meshId)?.delete(old);
      old.close(
        { code: grpc.status.CANCELLED, details: "another stream for this cluster took over" },
        "GOODBYE_REASON_REPLACED",
      );
    }
    void this.ctx.changes
      .publish({
        type: "cluster.connected",
        clusterId: s.cluster.id,
        replicaId: this.ctx.replicaId,
        sessionId: s.id,
      })
      .catch((err: unknown) => s.log.warn("could not announce the connection", { err }));
  }

  /** The stream ended: forget it, and mark the cluster disconnected unless it was replaced. */
  async detach(s: TunnelSession): Promise<void> {
    const set = this.byMesh.get(s.cluster.meshId);
    set?.delete(s);
    if (set?.size === 0) this.byMesh.delete(s.cluster.meshId);
    if (this.sessions.get(s.cluster.id) !== s) return;
    this.sessions.delete(s.cluster.id);
    await markDisconnected(this.ctx, s.cluster.id);
    s.log.info("connector disconnected");
  }

  /** Pushes the mesh's current config soon, once per burst. */
  schedule(meshId: string): void {
    if (this.timers.has(meshId)) return;
    const t = setTimeout(() => {
      this.timers.delete(meshId);
      void this.flush(meshId).catch((err: unknown) =>
        this.ctx.logger.error("config push failed", { meshId, err }),
      );
    }, this.debounceMs);
    this.timers.set(meshId, t);
  }

  /** Compiles and pushes now; runs of one mesh never overlap (a change during one reruns it). */
  flush(meshId: string): Promise<void> {
    const running = this.running.get(meshId);
    if (running) {
      this.dirty.add(meshId);
      return running;
    }
    const run = (async () => {
      do {
        this.dirty.delete(meshId);
        await this.push(meshId);
      } while (this.dirty.has(meshId));
    })().finally(() => this.running.delete(meshId));
    this.running.set(meshId, run);
    return run;
  }

  /** One pass of the healing loop; tests call it to skip the wait. */
  reconcile(): Promise<void> {
    this.reconciling ??= this.reconcileOnce().finally(() => {
      this.reconciling = null;
    });
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<void> {
    const ids = [...this.sessions.keys()];
    const admitted = await stillAdmitted(this.ctx, ids);
    for (const id of ids) if (!admitted.has(id)) this.revoke(id, "the cluster was revoked or deleted");
    await refreshPresence(this.ctx, [...admitted]);
    await sweepStaleConnections(this.ctx, Math.max(30_000, 3 * this.reconcileMs));
    const versions = await meshVersions(this.ctx, [...this.byMesh.keys()]);
    const now = Date.now();
    for (const [meshId, version] of versions) {
      const behind = [...(this.byMesh.get(meshId) ?? [])].some((s) => s.wants(version, now));
      if (behind) await this.flush(meshId);
    }
  }

  private async push(meshId: string): Promise<void> {
    const held = [...(this.byMesh.get(meshId) ?? [])].filter((s) => s.welcomed && !s.closed);
    if (held.length === 0) return;
    const started = performance.now();
    const input = await loadCompileInput(this.ctx, meshId);
    if (!input) return;
    const loadedMs = performance.now() - started;
    const version = input.mesh.configVersion;
    const targets = held.filter((s) => s.wants(version));
    if (targets.length === 0) return;
    const shared = compileMeshConfig(input);
    for (const s of targets) {
      const { schema, payload } = this.encode(forCluster(shared, s.cluster.name));
      s.push(version, schema, payload);
    }
    this.ctx.logger.debug("config pushed", {
      meshId,
      version,
      streams: targets.length,
      loadMs: Math.round(loadedMs),
      totalMs: Math.round(performance.now() - started),
    });
  }

  private onChange(change: Change): void {
    switch (change.type) {
      case "mesh.config":
        if (this.byMesh.has(change.meshId)) this.schedule(change.meshId);
        return;
      case "cluster.revoked":
        this.revoke(change.clusterId, "the cluster was revoked or deleted");
        return;
      case "mesh.deleted":
        for (const id of change.clusterIds) this.revoke(id, "the mesh was deleted");
        return;
      case "cluster.connected": {
        const s = this.sessions.get(change.clusterId);
        if (s && s.id !== change.sessionId)
          s.close(
            {
              code: grpc.status.CANCELLED,
              details: `another stream for this cluster took over on ${change.replicaId}`,
            },
            "GOODBYE_REASON_REPLACED",
          );
        return;
      }
    }
  }

  private revoke(clusterId: string, why: string): void {
    this.sessions
      .get(clusterId)
      ?.close({ code: grpc.status.UNAUTHENTICATED, details: why }, "GOODBYE_REASON_REVOKED");
  }

  /** Streams silent for three heartbeat intervals are dead: close them so the connector redials. */
  private closeSilent(): void {
    const limit = Date.now() - 3 * this.heartbeatMs;
    for (const s of this.sessions.values())
      if (s.lastRxMs < limit)
        s.close({ code: grpc.status.UNAVAILABLE, details: `no message for ${3 * this.heartbeatMs} ms` });
  }
}
