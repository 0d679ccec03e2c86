import cluster, { type Worker } from "node:cluster";
import type { EndpointStates, ProxyMessage__Input, StartTap } from "@trellis/protocol/tunnel";
import type { Logger } from "@trellis/proxy-core/logger";
import { AggregatorRegistry, type Registry } from "prom-client";
import type { ConfigWatcher } from "../config/watcher.ts";
import type { TlsMaterial } from "../identity/mesh-tls.ts";
import type { TapSessions } from "../report/tap.ts";
import { isOurs, type ToPrimary, type ToWorker, type WorkerMetrics } from "./messages.ts";

type Member = { worker: Worker; listening: Map<"inbound" | "outbound", string>; hello: boolean };

/** How long a scrape waits for the workers' metrics before answering without the late ones. */
const scrapeTimeoutMs = 2_000;

/**
 * The primary's side of `--workers N` (node:cluster): forks the workers, which share the
 * inbound and outbound listeners (connections dealt round robin), keeps the state every worker must have (config
 * payload, TLS material, endpoint states, live taps) and sends it to each new worker
 * and on every change. Workers' messages for the connector are forwarded on the one
 * control stream; their metrics are merged for `/metrics`. A worker that dies outside a
 * drain is forked again.
 */
export class WorkerFleet {
  private readonly members = new Map<number, Member>();
  private readonly state: { config?: string; tls?: TlsMaterial; endpoints?: EndpointStates } = {};
  private readonly taps = new Map<string, StartTap>();
  private readonly changed = new Set<() => void>();
  private readonly scrapes = new Map<number, { got: WorkerMetrics[]; want: number; done: () => void }>();
  private nextScrape = 0;
  private draining = false;

  constructor(
    private readonly deps: {
      count: number;
      /** Workers inherit the primary's flags; the proxy id (made once, kept in the state dir) is added. */
      proxyId: string;
      /** The listeners each worker serves (inbound listens once it has a certificate). */
      listeners: readonly ("inbound" | "outbound")[];
      log: Logger;
      /** Sends a worker's message to the connector. */
      forward(msg: ProxyMessage__Input): void;
    },
  ) {}

  get count(): number {
    return this.deps.count;
  }

  start(): void {
    // Round robin: the primary accepts and hands each connection to the next worker.
    // One hand-off per connection (not per request: connections are kept alive), and
    // an even spread — with SCHED_NONE the kernel wakes whichever worker it likes and
    // one of them tends to take most connections. Structured clone: bigint-safe.
    cluster.schedulingPolicy = cluster.SCHED_RR;
    cluster.setupPrimary({ serialization: "advanced" });
    for (let i = 0; i < this.deps.count; i++) this.fork();
  }

  /** Every worker is up and every listener it serves is listening. */
  allListening(): boolean {
    if (this.members.size < this.deps.count) return false;
    for (const m of this.members.values()) {
      for (const l of this.deps.listeners) if (!m.listening.has(l)) return false;
    }
    return true;
  }

  /** The address a listener serves on (the same in every worker). */
  address(listener: "inbound" | "outbound"): string | undefined {
    for (const m of this.members.values()) {
      const a = m.listening.get(listener);
      if (a) return a;
    }
    return undefined;
  }

  onChange(fn: () => void): void {
    this.changed.add(fn);
  }

  setConfig(payload: string): void {
    if (payload === this.state.config) return;
    this.state.config = payload;
    this.broadcast({ t: "config", payload });
  }

  setTls(material: TlsMaterial): void {
    this.state.tls = material;
    this.broadcast({ t: "tls", material });
  }

  setEndpoints(states: EndpointStates): void {
    this.state.endpoints = states;
    this.broadcast({ t: "endpoints", states });
  }

  tapStart(tap: StartTap): void {
    this.taps.set(tap.tapId, tap);
    this.broadcast({ t: "tap-start", tap });
  }

  tapStop(tapId: string): void {
    this.taps.delete(tapId);
    this.broadcast({ t: "tap-stop", tapId });
  }

  /** Every worker's registry as JSON (for AggregatorRegistry); late answers are left out. */
  async workerMetrics(): Promise<WorkerMetrics[]> {
    const id = this.nextScrape++;
    const live = [...this.members.values()].filter((m) => m.hello);
    const got: WorkerMetrics[] = [];
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, scrapeTimeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.scrapes.set(id, { got, want: live.length, done });
      if (live.length === 0) done();
      for (const m of live) send(m.worker, { t: "metrics", id });
    });
    this.scrapes.delete(id);
    return got;
  }

  /** The admin port's registry: the primary's own metrics merged with every worker's. */
  mergedRegistry(own: Registry): Pick<Registry, "metrics" | "contentType"> {
    return {
      contentType: own.contentType,
      metrics: async () => {
        const all = [await own.getMetricsAsJSON(), ...(await this.workerMetrics())];
        return AggregatorRegistry.aggregate(all).metrics();
      },
    };
  }

  /** Tells every worker to drain; resolves once all of them have exited. */
  drain(): Promise<void> {
    this.draining = true;
    const exits = [...this.members.values()].map(
      ({ worker }) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once("exit", () => resolve());
          send(worker, { t: "drain" });
        }),
    );
    return Promise.all(exits).then(() => undefined);
  }

  private fork(): void {
    const worker = cluster.fork({ TRELLIS_PROXY_PROXY_ID: this.deps.proxyId });
    const member: Member = { worker, listening: new Map(), hello: false };
    this.members.set(worker.id, member);
    worker.on("message", (msg: unknown) => {
      if (isOurs<ToPrimary>(msg)) this.receive(member, msg);
    });
    worker.once("exit", (code, signal) => {
      this.members.delete(worker.id);
      this.notify();
      if (this.draining) return;
      this.deps.log.error("worker exited; starting another", { worker: worker.id, code, signal });
      this.fork();
    });
  }

  private receive(member: Member, msg: ToPrimary): void {
    switch (msg.t) {
      case "hello": {
        member.hello = true;
        const { config, tls, endpoints } = this.state;
        if (tls) send(member.worker, { t: "tls", material: tls });
        if (config !== undefined) send(member.worker, { t: "config", payload: config });
        if (endpoints) send(member.worker, { t: "endpoints", states: endpoints });
        for (const tap of this.taps.values()) send(member.worker, { t: "tap-start", tap });
        if (this.draining) send(member.worker, { t: "drain" });
        return;
      }
      case "listening":
        member.listening.set(msg.listener, msg.address);
        this.notify();
        return;
      case "send":
        this.deps.forward(msg.msg);
        return;
      case "metrics": {
        const scrape = this.scrapes.get(msg.id);
        if (!scrape) return;
        scrape.got.push(msg.metrics);
        if (scrape.got.length >= scrape.want) scrape.done();
      }
    }
  }

  private broadcast(msg: ToWorker): void {
    for (const m of this.members.values()) if (m.hello) send(m.worker, msg);
  }

  private notify(): void {
    for (const fn of this.changed) fn();
  }
}

function send(worker: Worker, msg: ToWorker): void {
  if (worker.isConnected()) worker.send(msg);
}

/**
 * The watcher and tap as the control session sees them, with every applied snapshot
 * and every tap command also sent to the workers (the primary's own watcher validates
 * and ACKs; workers compile the same payload).
 */
export function fanOut(
  fleet: WorkerFleet,
  parts: { watcher: Pick<ConfigWatcher, "receive" | "version">; tap: Pick<TapSessions, "start" | "stop"> },
): { watcher: Pick<ConfigWatcher, "receive" | "version">; tap: Pick<TapSessions, "start" | "stop"> } {
  const { watcher, tap } = parts;
  return {
    watcher: {
      get version() {
        return watcher.version;
      },
      receive: async (msg) => {
        const answer = await watcher.receive(msg);
        if ("ack" in answer) fleet.setConfig(msg.payload);
        return answer;
      },
    },
    tap: {
      start: (t, nowMs) => {
        tap.start(t, nowMs);
        fleet.tapStart(t);
      },
      stop: (tapId) => {
        fleet.tapStop(tapId);
        return tap.stop(tapId);
      },
    },
  };
}
