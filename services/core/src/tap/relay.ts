import type { Database } from "@trellis/db";
import { durationFromMs, type TapEvent } from "@trellis/protocol/tunnel";
import type { Registry } from "prom-client";
import type { CommandTarget, ConnectorCommands, Logger } from "../context.ts";
import { randomBase62 } from "../ids.ts";
import { controlPlaneMetrics } from "../observability/control-plane-metrics.ts";
import type { TunnelCluster } from "../tunnel-auth/tunnel-cluster.ts";
import { type TapMessage, type TapSpec, tapChannel } from "./messages.ts";
import { TokenBucket } from "./rate.ts";
import { sanitizeTapEvent } from "./sanitize.ts";
import { TapWatch } from "./watch.ts";

/** A tap this replica started on its own connector streams. */
interface Running {
  spec: TapSpec;
  origin: string;
  targets: CommandTarget[];
  bucket: TokenBucket;
  timer: NodeJS.Timeout;
}

/**
 * Routes taps across replicas: the watching replica publishes start/stop on the tap
 * channel; every replica holding a stream of a chosen cluster sends the connector
 * Command{StartTap|StopTap} and forwards that tap's events back (locally when the watcher
 * is here, else by NOTIFY). Events from clusters a tap was not sent to are dropped, so a
 * connector cannot write into another mesh's tap.
 */
export class TapRelay {
  private readonly watches = new Map<string, TapWatch>();
  private readonly running = new Map<string, Running>();
  private unlisten: (() => Promise<void>) | undefined;
  private outbox: Promise<void> = Promise.resolve();

  constructor(
    /** Built before the Context (which holds the relay), so it takes its parts. */
    private readonly ctx: { database: Database; logger: Logger; metrics: Registry; replicaId: string },
    /** This replica's streams (none without the tunnel role). */
    private readonly connectors: ConnectorCommands,
  ) {}

  async start(): Promise<void> {
    this.unlisten = await this.ctx.database.listen(tapChannel, (payload) => {
      try {
        this.receive(JSON.parse(payload) as TapMessage);
      } catch (err) {
        this.ctx.logger.warn("bad tap message", { err });
      }
    });
  }

  async stop(): Promise<void> {
    for (const w of [...this.watches.values()]) w.end("shutdown");
    for (const id of [...this.running.keys()]) this.stopLocal(id);
    await this.unlisten?.();
  }

  /** Starts a tap for a client of this replica; the watch ends itself on its bounds. */
  async open(spec: TapSpec): Promise<TapWatch> {
    const m = controlPlaneMetrics(this.ctx.metrics);
    const watch = new TapWatch(
      spec.tapId,
      spec.maxEvents,
      spec.maxDurationMs,
      spec.maxEventsPerSecond,
      (w) => {
        this.watches.delete(w.tapId);
        m.tapSessions.dec();
        void this.publish({ t: "stop", tapId: w.tapId });
      },
    );
    this.watches.set(spec.tapId, watch);
    m.tapSessions.inc();
    await this.publish({ t: "start", origin: this.ctx.replicaId, spec });
    return watch;
  }

  /** For the tunnel: a connector sent a TapEvent. */
  onTapEvent(cluster: Pick<TunnelCluster, "id" | "name">, event: TapEvent): void {
    const m = controlPlaneMetrics(this.ctx.metrics).tapEventsRelayed;
    const run = this.running.get(event.tapId);
    if (!run?.spec.clusterIds.includes(cluster.id)) {
      m.inc({ outcome: "dropped_unknown" });
      return;
    }
    if (!run.bucket.take(Date.now())) {
      m.inc({ outcome: "dropped_rate" });
      return;
    }
    const dto = sanitizeTapEvent(cluster.name, event);
    m.inc({ outcome: "sent" });
    if (run.origin === this.ctx.replicaId) this.watches.get(event.tapId)?.push(dto);
    else void this.publish({ t: "event", tapId: event.tapId, origin: run.origin, event: dto });
  }

  private receive(msg: TapMessage): void {
    switch (msg.t) {
      case "start":
        this.startLocal(msg.origin, msg.spec);
        return;
      case "stop":
        this.stopLocal(msg.tapId);
        return;
      case "event":
        if (msg.origin === this.ctx.replicaId) this.watches.get(msg.tapId)?.push(msg.event);
        return;
    }
  }

  private startLocal(origin: string, spec: TapSpec): void {
    if (this.running.has(spec.tapId)) return;
    const wanted = new Set(spec.clusterIds);
    const targets = this.connectors.streamsOf(spec.meshId).filter((s) => wanted.has(s.cluster.id));
    if (targets.length === 0) return;
    // Stop on our own too: a lost "stop" NOTIFY must not leave connectors sampling.
    const timer = setTimeout(() => this.stopLocal(spec.tapId), spec.maxDurationMs + 5000);
    timer.unref();
    this.running.set(spec.tapId, {
      spec,
      origin,
      targets,
      bucket: new TokenBucket(spec.maxEventsPerSecond, Date.now()),
      timer,
    });
    const startTap = {
      tapId: spec.tapId,
      service: spec.service,
      namespace: spec.namespace,
      pathPrefix: spec.pathPrefix,
      maxEvents: spec.maxEvents,
      maxDuration: durationFromMs(spec.maxDurationMs),
      maxEventsPerSecond: spec.maxEventsPerSecond,
    };
    for (const t of targets) t.send({ command: { commandId: `cmd_${randomBase62(16)}`, startTap } });
  }

  private stopLocal(tapId: string): void {
    const run = this.running.get(tapId);
    if (!run) return;
    this.running.delete(tapId);
    clearTimeout(run.timer);
    for (const t of run.targets)
      t.send({ command: { commandId: `cmd_${randomBase62(16)}`, stopTap: { tapId } } });
  }

  /** NOTIFYs go out one after another: a pool would reorder a tap's events. */
  private publish(msg: TapMessage): Promise<void> {
    this.outbox = this.outbox.then(() =>
      this.ctx.database.notify(tapChannel, JSON.stringify(msg)).catch((err: unknown) => {
        this.ctx.logger.warn("tap message not sent", { type: msg.t, err });
      }),
    );
    return this.outbox;
  }
}
