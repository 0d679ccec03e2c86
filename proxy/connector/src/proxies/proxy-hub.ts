import {
  type Command,
  type ConnectorMessage__Input,
  type ConnectorToProxy__Input,
  durationFromMs,
  type EdgeStats__Input,
  type MetricBatch__Input,
  type ProxyHello,
  type ProxyMessage,
  type ProxyStatus__Input,
  type SignResponse,
  timestampFromMs,
} from "@trellis/protocol/tunnel";
import type { Logger } from "@trellis/proxy-core/logger";
import type { Tuning } from "../config.ts";
import { type AcceptedSnapshot, payloadFor } from "../tunnel/snapshot-check.ts";
import { CommandRouter } from "./command-router.ts";
import { EdgeAccumulator } from "./edge-merge.ts";
import { type ProxyPresence, unavailableEndpoints } from "./endpoint-states.ts";
import { type AttachedProxy, ProxyRegistry, proxyReport } from "./proxy-registry.ts";
import { mergeReportRows } from "./report-merge.ts";
import { SignRelay } from "./sign-relay.ts";

export type Upstream = { send(msg: ConnectorMessage__Input): boolean };

/** How long a proxy that left without coming back keeps its endpoints out of the others' sets. */
const goneForgetMs = 10 * 60_000;

/** A proxy's stream, as the gRPC server hands it over. */
export type ProxyStream = { write(msg: ConnectorToProxy__Input): void; end(): void };

/**
 * Everything between the connector and its proxies: the current snapshot fanned out,
 * proxy state folded into ProxyReports, CSRs relayed, metric edges merged per window,
 * commands routed. Transport-free: proxy-server.ts feeds it gRPC streams.
 */
export class ProxyHub {
  readonly registry = new ProxyRegistry();
  private readonly signs: SignRelay;
  private readonly commands: CommandRouter;
  private readonly edges = new EdgeAccumulator();
  private readonly backlog: MetricBatch__Input[] = [];
  private snapshot: AcceptedSnapshot | null = null;
  private streamSeq = 0;
  private windowStartMs = Date.now();
  private lastReportJson = "";
  private reportTimer: NodeJS.Timeout | null = null;
  private readonly timers: NodeJS.Timeout[];
  /** Rows of data planes attached another way (the xDS server's clients). */
  private extraRows: () => ProxyStatus__Input[] = () => [];
  /** Proxies whose stream ended without a successor: their endpoints are out until they return. */
  private readonly gone = new Map<string, ProxyPresence & { sinceMs: number }>();
  private endpointStates: ConnectorToProxy__Input["endpoints"] = { unavailable: [] };
  private endpointStatesJson = "[]";

  constructor(
    private readonly upstream: Upstream,
    private readonly tuning: Tuning,
    private readonly log: Logger,
  ) {
    this.signs = new SignRelay(upstream, tuning.signTimeoutMs);
    this.commands = new CommandRouter(this.registry, upstream, tuning.commandTimeoutMs);
    this.timers = [
      setInterval(() => this.sendReport(true), tuning.reportIntervalMs),
      setInterval(() => this.closeWindow(), tuning.metricWindowMs),
      setInterval(() => this.forgetGone(), 60_000),
    ];
  }

  /** Adds rows to every ProxyReport (xDS clients); `reportChanged()` when they change. */
  setExtraRows(rows: () => ProxyStatus__Input[]): void {
    this.extraRows = rows;
  }

  /** Something in the report changed: send it soon (debounced). */
  reportChanged(): void {
    this.reportSoon();
  }

  /** Every row of the report: attached proxies and xDS clients (see mergeReportRows). */
  reportRows(): ProxyStatus__Input[] {
    return mergeReportRows(proxyReport(this.registry).proxies, this.extraRows());
  }

  /** A new snapshot to serve: every proxy that does not hold it gets it. */
  setSnapshot(snapshot: AcceptedSnapshot): void {
    this.snapshot = snapshot;
    for (const p of this.registry.all()) this.pushSnapshot(p);
    this.updateEndpointStates();
  }

  /** A proxy stream said hello; returns the handle for its later messages. */
  attach(hello: ProxyHello, stream: ProxyStream): AttachedProxy {
    const proxy: AttachedProxy = {
      streamId: ++this.streamSeq,
      hello,
      attachedAtMs: Date.now(),
      status: null,
      appliedVersion: Number(hello.appliedVersion),
      lastNack: null,
      write: (msg) => stream.write(msg),
      end: () => stream.end(),
    };
    const replaced = this.registry.attach(proxy);
    if (replaced) {
      this.log.info("proxy reconnected; closing its older stream", { proxyId: hello.proxyId });
      this.dropProxy(replaced);
      replaced.end();
    }
    this.log.info("proxy attached", { proxyId: hello.proxyId, service: hello.service, ns: hello.namespace });
    this.gone.delete(hello.proxyId);
    this.pushSnapshot(proxy);
    proxy.write({ endpoints: this.endpointStates });
    this.commands.attached(proxy);
    this.reportSoon();
    this.updateEndpointStates();
    return proxy;
  }

  detach(proxy: AttachedProxy): void {
    if (!this.registry.detach(proxy)) return;
    this.log.info("proxy detached", { proxyId: proxy.hello.proxyId });
    const { namespace, workload } = proxy.hello;
    const identity = proxy.status?.identity || proxy.hello.identity;
    this.gone.set(proxy.hello.proxyId, { namespace, workload, identity, state: "gone", sinceMs: Date.now() });
    this.dropProxy(proxy);
    this.reportSoon();
    this.updateEndpointStates();
  }

  /** One message from an attached proxy (its hello was handled by attach). */
  receive(proxy: AttachedProxy, msg: ProxyMessage): void {
    switch (msg.message) {
      case "ack":
        proxy.appliedVersion = Number(msg.ack!.version);
        if (proxy.lastNack && proxy.lastNack.version <= proxy.appliedVersion) proxy.lastNack = null;
        this.reportSoon();
        return;
      case "nack":
        proxy.lastNack = msg.nack!;
        this.log.warn("proxy refused a snapshot", { proxyId: proxy.hello.proxyId, ...msg.nack });
        this.reportSoon();
        return;
      case "status": {
        const healthChanged = proxy.status?.health !== msg.status!.health;
        proxy.status = msg.status!;
        proxy.appliedVersion = Number(msg.status!.appliedConfigVersion);
        this.reportSoon();
        if (healthChanged) this.updateEndpointStates();
        return;
      }
      case "signRequest":
        this.signs.request(proxy, msg.signRequest!);
        return;
      case "metrics":
        this.edges.add(msg.metrics!.edges);
        return;
      case "tapEvent":
        this.commands.tapEvent(proxy, msg.tapEvent!);
        return;
      case "commandResult":
        this.commands.proxyResult(proxy, msg.commandResult!);
        return;
      case "heartbeat":
        proxy.write({ heartbeat: msg.heartbeat! });
        return;
      case "hello":
        this.log.warn("second hello on one proxy stream ignored", { proxyId: proxy.hello.proxyId });
    }
  }

  onSignResponse(resp: SignResponse): void {
    this.signs.respond(resp);
  }

  onCommand(cmd: Command): void {
    this.commands.handle(cmd);
  }

  /** The tunnel is (re)welcomed: send the full report and queued metric batches. */
  onTunnelUp(): void {
    this.sendReport(true);
    while (this.backlog.length > 0 && this.upstream.send({ metricBatch: this.backlog[0]! }))
      this.backlog.shift();
  }

  onTunnelDown(): void {
    this.signs.failAll("the tunnel to the control plane dropped before an answer came");
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    if (this.reportTimer) clearTimeout(this.reportTimer);
    this.commands.close();
    this.signs.failAll("connector stopping");
    for (const p of this.registry.all()) p.end();
  }

  /**
   * Recomputes which endpoints must get no new requests — proxies draining, not ready
   * (after their first status), or gone — and tells every proxy when that changed.
   */
  private updateEndpointStates(): void {
    const out: ProxyPresence[] = [...this.gone.values()];
    for (const p of this.registry.all()) {
      const health = p.status?.health;
      if (health !== "PROXY_HEALTH_DRAINING" && health !== "PROXY_HEALTH_NOT_READY") continue;
      const identity = p.status?.identity || p.hello.identity;
      const state = health === "PROXY_HEALTH_DRAINING" ? "draining" : "not-ready";
      out.push({ namespace: p.hello.namespace, workload: p.hello.workload, identity, state });
    }
    const unavailable = unavailableEndpoints(this.snapshot ?? undefined, out);
    const json = JSON.stringify(unavailable);
    if (json === this.endpointStatesJson) return;
    this.endpointStatesJson = json;
    this.endpointStates = { unavailable };
    this.log.info("endpoint states changed", {
      unavailable: unavailable.map((e) => `${e.address}:${e.port} ${e.reason}`),
    });
    for (const p of this.registry.all()) p.write({ endpoints: this.endpointStates });
  }

  /** A gone proxy that never came back stops mattering once discovery dropped it (or after 10 min). */
  private forgetGone(): void {
    const cutoff = Date.now() - goneForgetMs;
    for (const [id, g] of this.gone) if (g.sinceMs < cutoff) this.gone.delete(id);
    this.updateEndpointStates();
  }

  private dropProxy(proxy: AttachedProxy): void {
    this.signs.forget(proxy);
    this.commands.detached(proxy);
  }

  /** Sends the rendering the proxy reads (ProxyHello.accepted_schemas; none = v1 only). */
  private pushSnapshot(proxy: AttachedProxy): void {
    const s = this.snapshot;
    if (!s || proxy.appliedVersion === s.version) return;
    const held = payloadFor(s, proxy.hello.acceptedSchemas);
    if (!held) {
      this.log.warn("no snapshot rendering this proxy reads; it keeps its last-known-good config", {
        proxyId: proxy.hello.proxyId,
        reads: proxy.hello.acceptedSchemas.length > 0 ? proxy.hello.acceptedSchemas : ["trellis.config/v1"],
        held: s.payloads.map((p) => p.schema),
        version: s.version,
      });
      return;
    }
    proxy.write({
      config: { version: s.version, nonce: s.nonce, schema: held.schema, payload: held.payload },
    });
  }

  private reportSoon(): void {
    if (this.reportTimer) return;
    this.reportTimer = setTimeout(() => {
      this.reportTimer = null;
      this.sendReport(false);
    }, this.tuning.reportDebounceMs);
  }

  /** Full report; on a change, or always when `force` (the periodic one doubles as "last seen"). */
  private sendReport(force: boolean): void {
    const report = { proxies: this.reportRows() };
    const json = JSON.stringify(report);
    if (!force && json === this.lastReportJson) return;
    if (this.upstream.send({ proxyReport: report })) this.lastReportJson = json;
  }

  /** Closes the metric window: one merged batch, sent or queued (bounded) for the next connect. */
  private closeWindow(): void {
    const now = Date.now();
    const start = this.windowStartMs;
    this.windowStartMs = now;
    if (this.edges.size === 0) return;
    const batch: MetricBatch__Input = {
      windowStart: timestampFromMs(start),
      window: durationFromMs(now - start),
      edges: this.edges.drain(),
    };
    if (this.backlog.length === 0 && this.upstream.send({ metricBatch: batch })) return;
    this.backlog.push(batch);
    while (this.backlog.length > this.tuning.metricBacklog) this.backlog.shift();
  }

  /** Edges counted elsewhere (proxyless clients' load reports) join the current window. */
  addEdges(edges: readonly EdgeStats__Input[]): void {
    this.edges.add(edges);
  }

  /** For tests and /status. */
  get currentVersion(): number {
    return this.snapshot?.version ?? 0;
  }
}
