import { setImmediate } from "node:timers/promises";
import * as grpc from "@grpc/grpc-js";
import type { Change } from "@trellis/core/changes";
import {
  markDisconnected,
  meshVersions,
  planPush,
  refreshPresence,
  releaseConnections,
  type SnapshotEncoder,
  stillAdmitted,
  sweepStaleConnections,
} from "@trellis/core/sync";
import type { Context } from "../context.ts";
import { type ConnectorHandlers, connectorHandlers } from "./handlers.ts";
import type { TunnelSession } from "./session.ts";
import type { HeldStreams } from "./streams.ts";

/** Streams written per event-loop turn during a fan-out. */
const writesPerTurn = 200;

export interface HubOptions {
  /** Coalesces bursts of changes into one push per mesh (istiod debounces 100 ms). */
  debounceMs?: number;
  /** Heals lost notifications, revocations and presence; 5 s by default. */
  reconcileIntervalMs?: number;
  /** How a v1 snapshot becomes bytes (core's JSON encoding by default; tests send what must be refused). */
  encodeSnapshot?: SnapshotEncoder;
}

/**
 * Keeps each stream this replica holds on its mesh's desired config: change feed →
 * debounce → core's `planPush` (load → compile → what each stream should receive) → write
 * the bytes; ACK/NACK bookkeeping lives in the sessions and core's sync verbs; a periodic
 * reconcile heals whatever a lost NOTIFY left behind.
 */
export class TunnelHub {
  readonly handlers: ConnectorHandlers;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private intervals: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | undefined;
  private reconciling: Promise<void> | null = null;
  private readonly heartbeatMs: number;
  private readonly debounceMs: number;
  private readonly reconcileMs: number;
  private readonly encode: SnapshotEncoder | undefined;

  constructor(
    private readonly ctx: Context,
    /** Shared with the domain as its ConnectorCommands port (server.ts). */
    readonly streams: HeldStreams,
    options: HubOptions = {},
  ) {
    this.heartbeatMs = ctx.config.TUNNEL_HEARTBEAT_INTERVAL_MS;
    this.debounceMs = options.debounceMs ?? 50;
    this.reconcileMs = options.reconcileIntervalMs ?? 5000;
    this.encode = options.encodeSnapshot;
    this.handlers = connectorHandlers(ctx, {
      heartbeatMs: this.heartbeatMs,
      schedule: (id) => this.schedule(id),
    });
  }

  get size(): number {
    return this.streams.size;
  }

  /**
   * Before the port opens: this replica holds no stream yet, so whatever a previous process
   * with the same REPLICA_ID held (killed before it could say so) is released now.
   */
  async prepare(): Promise<void> {
    await releaseConnections(this.ctx);
  }

  start(): void {
    this.unsubscribe = this.ctx.changes.subscribe((change) => this.onChange(change));
    const log = (what: string) => (err: unknown) => this.ctx.logger.error(what, { err });
    const leaseMs = this.ctx.config.TUNNEL_LEASE_MS;
    this.intervals = [
      setInterval(() => void this.reconcile().catch(log("tunnel reconcile failed")), this.reconcileMs),
      setInterval(() => this.closeSilent(), Math.max(50, Math.floor(this.heartbeatMs / 2))),
      setInterval(() => void this.renewLeases().catch(log("lease renewal failed")), Math.floor(leaseMs / 3)),
    ];
    for (const t of this.intervals) t.unref();
  }

  /**
   * Renews the connection lease of every stream that spoke within the lease (its connector
   * heartbeats): a stream that went quiet stops counting with its lease, even before it is
   * closed. One statement for all of this replica's streams.
   */
  async renewLeases(): Promise<void> {
    const since = Date.now() - this.ctx.config.TUNNEL_LEASE_MS;
    const live = this.streams.sessions().filter((s) => s.lastRxMs > since);
    await refreshPresence(
      this.ctx,
      live.map((s) => s.cluster.id),
    );
  }

  /** Says goodbye to every stream (reconnect elsewhere) and stops the loops. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const t of [...this.intervals, ...this.timers.values()]) clearInterval(t);
    this.timers.clear();
    const held = this.streams.sessions();
    for (const s of held)
      s.close(
        { code: grpc.status.UNAVAILABLE, details: "the control plane is shutting down" },
        "GOODBYE_REASON_SHUTDOWN",
      );
    await Promise.allSettled(held.map((s) => this.detach(s)));
  }

  /** A new authenticated stream; an older one of the same cluster (here or elsewhere) is replaced. */
  attach(s: TunnelSession): void {
    const old = this.streams.add(s);
    if (old) {
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
    if (!this.streams.remove(s)) return;
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
    const ids = this.streams.clusterIds();
    const admitted = await stillAdmitted(this.ctx, ids);
    for (const id of ids) if (!admitted.has(id)) this.revoke(id, "the cluster was revoked or deleted");
    await sweepStaleConnections(this.ctx);
    const versions = await meshVersions(this.ctx, this.streams.meshIds());
    const now = Date.now();
    for (const [meshId, version] of versions) {
      const behind = [...this.streams.allOf(meshId)].some((s) => s.wants(version, now));
      if (behind) await this.flush(meshId);
    }
  }

  private async push(meshId: string): Promise<void> {
    const held = this.streams.streamsOf(meshId);
    if (held.length === 0) return;
    const started = performance.now();
    const plan = await planPush(this.ctx, meshId, held, this.encode);
    if (!plan) return;
    // A batch of streams per event-loop turn: Node sends what a turn wrote when the turn
    // ends, so the first connectors get their bytes (and their ACKs are read) while the
    // rest are still being written, instead of every socket waiting for the whole fan-out.
    for (let i = 0; i < plan.targets.length; i += writesPerTurn) {
      if (i > 0) await setImmediate();
      for (const t of plan.targets.slice(i, i + writesPerTurn))
        t.stream.push(plan.version, t.schema, t.payload, t.alternates);
    }
    this.ctx.logger.debug("config pushed", {
      meshId,
      version: plan.version,
      streams: plan.targets.length,
      loadMs: Math.round(plan.loadMs),
      totalMs: Math.round(performance.now() - started),
    });
  }

  private onChange(change: Change): void {
    switch (change.type) {
      case "mesh.config":
        if (this.streams.has(change.meshId)) this.schedule(change.meshId);
        return;
      case "cluster.revoked":
        this.revoke(change.clusterId, "the cluster was revoked or deleted");
        return;
      case "mesh.deleted":
        for (const id of change.clusterIds) this.revoke(id, "the mesh was deleted");
        return;
      case "cluster.connected": {
        const s = this.streams.get(change.clusterId);
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
    this.streams
      .get(clusterId)
      ?.close({ code: grpc.status.UNAUTHENTICATED, details: why }, "GOODBYE_REASON_REVOKED");
  }

  /** Streams silent for three heartbeat intervals are dead: close them so the connector redials. */
  private closeSilent(): void {
    const limit = Date.now() - 3 * this.heartbeatMs;
    for (const s of this.streams.sessions())
      if (s.lastRxMs < limit)
        s.close({ code: grpc.status.UNAVAILABLE, details: `no message for ${3 * this.heartbeatMs} ms` });
  }
}
