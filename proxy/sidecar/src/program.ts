import { hostname } from "node:os";
import { type ConfigSnapshot, parseConfigSnapshot } from "@trellis/protocol/snapshot";
import { workloadSpiffeId } from "@trellis/protocol/spiffe";
import type { Command, ConnectorToProxy, ProxyMessage__Input } from "@trellis/protocol/tunnel";
import { attachAdmin } from "./admin/admin-server.ts";
import { BalancerRegistry } from "./balance/registry.ts";
import type { Bindings } from "./bind.ts";
import type { ProxyConfig } from "./config.ts";
import { ControlClient } from "./control/control-client.ts";
import { IdentityManager } from "./identity/identity-manager.ts";
import { MeshTls } from "./identity/mesh-tls.ts";
import { attachInbound } from "./inbound/listener.ts";
import { createLogger, type Logger } from "./log.ts";
import { EdgeTable } from "./metrics/edges.ts";
import { PolicyCounters } from "./metrics/policy-counters.ts";
import { createRegistry } from "./metrics/prometheus.ts";
import { TcpCounters } from "./metrics/tcp.ts";
import { attachOutbound } from "./outbound/listener.ts";
import { Mirrors } from "./outbound/mirror.ts";
import { JwksCache } from "./policy/jwt.ts";
import { PolicyState } from "./policy/state.ts";
import { AppPools } from "./proxy/app-pools.ts";
import { EgressPools } from "./proxy/egress-pools.ts";
import type { Exchange } from "./proxy/exchange.ts";
import type { Frontends } from "./proxy/frontends.ts";
import { MeshPools } from "./proxy/mesh-pools.ts";
import { proxyStatus, takeMetricBatch } from "./report/reports.ts";
import { TapSessions } from "./report/tap.ts";
import { compileRoutingTable } from "./routing/compile.ts";
import type { RoutingTable } from "./routing/types.ts";
import type { Runtime } from "./runtime.ts";
import { StateStore } from "./state/store.ts";
import { proxyVersion } from "./version.ts";

export type SidecarProxy = {
  readonly proxyId: string;
  /** Loads state, starts serving and dials the connector; resolves once serving. */
  run(): Promise<void>;
  /** Graceful: stop accepting, finish in-flight work up to the drain deadline, close. */
  drain(): Promise<void>;
  /** Resolves when the proxy has stopped (after drain() or a DrainProxy command). */
  readonly stopped: Promise<void>;
  appliedVersion(): number;
  spiffeId(): string | undefined;
  inFlight(): number;
};

export type BuildOptions = {
  logger?: Logger;
  /** Fetch used for AuthorizationPolicy `jwksUri` documents (tests serve their own). */
  jwksFetch?: ConstructorParameters<typeof JwksCache>[0];
};

/** Builds the proxy on the given listeners. Nothing runs until `run()`. */
export async function build(
  config: ProxyConfig,
  bindings: Bindings,
  options: BuildOptions = {},
): Promise<SidecarProxy> {
  const log =
    options.logger ?? createLogger(config.logLevel, { component: "trellis-proxy", service: config.service });
  const store = new StateStore(config.stateDir);
  await store.init();
  const proxyId = config.proxyId ?? (await store.proxyId());
  const workload = config.workload ?? hostname();
  const startedAtMs = Date.now();
  const meshTls = new MeshTls();
  const edges = new EdgeTable();
  const tcp = new TcpCounters();
  const policyCounters = new PolicyCounters();
  const registry = createRegistry(edges, tcp, policyCounters);
  const policyState = new PolicyState();
  const jwks = new JwksCache(options.jwksFetch);
  const meshPools = new MeshPools(meshTls, tcp);
  const balancers = new BalancerRegistry(config.loadBalancerDefaultRttMs);
  let table: RoutingTable | undefined;
  let appliedPayload = "";
  let lastNack: { version: number; nonce: string; error: string } | undefined;
  let draining = false;
  let inFlight = 0;
  let onIdle: (() => void) | undefined;
  let windowStartMs = Date.now();

  const control: { client?: ControlClient } = {};
  const send = (msg: ProxyMessage__Input) => control.client?.send(msg) ?? false;
  const identity = new IdentityManager({
    store,
    meshTls,
    log,
    proxyId,
    renewAtFraction: config.renewAtFraction,
    send: (signRequest) => send({ signRequest }),
  });
  const tap = new TapSessions({ service: config.service, namespace: config.namespace, proxyId }, (tapEvent) =>
    send({ tapEvent }),
  );

  const observer = {
    started: () => {
      inFlight++;
    },
    finished: (ex: Exchange) => {
      inFlight--;
      if (tap.active) tap.record(ex, ex.edge.labels.dst_service, ex.edge.labels.dst_namespace);
      if (inFlight === 0) onIdle?.();
    },
  };
  const rt: Runtime = {
    config,
    log,
    table: () => table,
    appProtocol: () => config.appProtocol ?? ownProtocol(table, config),
    balancers,
    meshTls,
    meshPools,
    egressPools: new EgressPools(tcp),
    appPools: config.app ? new AppPools(config.app, tcp) : undefined,
    edges,
    tcp,
    observer,
    policyState,
    policyCounters,
    mirrors: new Mirrors({ balancers, meshTls, meshPools, policyCounters }),
    draining: () => draining,
  };

  /** Validates, compiles and swaps in a snapshot; the old table stays on failure. */
  const apply = (payload: string): { ok: true; snapshot: ConfigSnapshot } | { ok: false; error: string } => {
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch (err) {
      return { ok: false, error: `payload is not JSON: ${(err as Error).message}` };
    }
    const parsed = parseConfigSnapshot(json);
    if (!parsed.ok) return parsed;
    let next: RoutingTable;
    try {
      const self = {
        service: config.service,
        namespace: config.namespace,
        spiffeId: spiffeIdFor(config, parsed.snapshot.mesh.trustDomain),
      };
      next = compileRoutingTable(parsed.snapshot, self, jwks);
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
    balancers.update(next);
    table = next;
    policyState.retain(next.policies);
    appliedPayload = payload;
    identity.setTrustBundle(next.trustBundle);
    identity.setIdentity(spiffeIdFor(config, next.trustDomain));
    return parsed;
  };

  const onConfig = async (msg: NonNullable<ConnectorToProxy["config"]>) => {
    const payload = Buffer.from(msg.payload).toString("utf8");
    const version = Number(msg.version);
    if (payload === appliedPayload) {
      send({ ack: { version, nonce: msg.nonce } });
      return;
    }
    const result = apply(payload);
    if (!result.ok) {
      lastNack = { version, nonce: msg.nonce, error: result.error };
      log.warn("snapshot refused", { version, error: result.error });
      send({ nack: lastNack });
      return;
    }
    lastNack = undefined;
    log.info("snapshot applied", { version: result.snapshot.version });
    send({ ack: { version, nonce: msg.nonce } });
    await store.saveSnapshot({ version: result.snapshot.version, payload });
  };

  const onCommand = async (cmd: Command) => {
    const result = (ok: boolean, error = "") =>
      send({ commandResult: { commandId: cmd.commandId, ok, error } });
    switch (cmd.command) {
      case "startTap":
        tap.start(cmd.startTap!);
        return result(true);
      case "stopTap":
        return result(tap.stop(cmd.stopTap!.tapId), "no such tap");
      case "rotateCertificates":
        await identity.request();
        return result(true);
      case "drainProxy":
        result(true);
        void proxy.drain();
        return;
      default:
        return result(false, `unknown command ${cmd.command}`);
    }
  };

  const status = () =>
    proxyStatus({
      proxyId,
      service: config.service,
      namespace: config.namespace,
      workload,
      identity: identity.spiffeId ?? "",
      proxyVersion,
      appliedVersion: table?.version ?? 0,
      health: draining
        ? "PROXY_HEALTH_DRAINING"
        : readiness().ready
          ? "PROXY_HEALTH_READY"
          : "PROXY_HEALTH_NOT_READY",
      startedAtMs,
      certNotAfterMs: identity.info?.notAfterMs,
      rootFingerprint: identity.info?.rootFingerprint ?? "",
      lastNack,
    });

  const report = () => {
    send({ status: status() });
    const now = Date.now();
    const batch = takeMetricBatch(edges, config, windowStartMs, now);
    windowStartMs = now;
    if (batch) send({ metrics: batch });
  };

  const readiness = () => {
    const reasons: string[] = [];
    if (!table) reasons.push("no configuration yet");
    if (!meshTls.ready) reasons.push("no workload certificate yet");
    if (draining) reasons.push("draining");
    return { ready: reasons.length === 0, reasons };
  };

  const frontends: Frontends[] = [];
  const admin = bindings.admin
    ? attachAdmin(bindings.admin, {
        registry,
        ready: readiness,
        table: () => table,
        identity: () => ({
          spiffeId: identity.spiffeId,
          notAfter: identity.info ? new Date(identity.info.notAfterMs).toISOString() : undefined,
          chainPem: identity.chain.join(""),
        }),
      })
    : undefined;

  let reportTimer: NodeJS.Timeout | undefined;
  let resolveStopped: () => void = () => {};
  const stopped = new Promise<void>((r) => {
    resolveStopped = r;
  });
  let drainPromise: Promise<void> | undefined;

  const proxy: SidecarProxy = {
    proxyId,
    stopped,
    appliedVersion: () => table?.version ?? 0,
    spiffeId: () => identity.spiffeId,
    inFlight: () => inFlight,
    async run() {
      if (config.identity) identity.spiffeId = config.identity;
      const stored = await store.loadSnapshot();
      if (stored) {
        const r = apply(stored.payload);
        if (r.ok) log.info("serving last-known-good snapshot", { version: r.snapshot.version });
        else log.warn("stored snapshot unusable", { error: r.error });
      }
      if (await identity.loadStored())
        log.info("serving stored workload certificate", { identity: identity.spiffeId });
      if (table) identity.setIdentity(spiffeIdFor(config, table.trustDomain));
      else if (config.identity) identity.setIdentity(config.identity);
      if (bindings.outbound) frontends.push(attachOutbound(bindings.outbound, rt));
      if (bindings.inbound) {
        if (!rt.appPools) throw new Error("--inbound needs --app");
        frontends.push(attachInbound(bindings.inbound, rt));
      }
      control.client = new ControlClient(
        config.connector,
        {
          hello: () => ({
            proxyId,
            service: config.service,
            namespace: config.namespace,
            serviceAccount: config.serviceAccount ?? "",
            identity: identity.spiffeId ?? "",
            workload,
            proxyVersion,
            appliedVersion: table?.version ?? 0,
          }),
          message: (msg) => {
            if (msg.config) void onConfig(msg.config);
            else if (msg.signResponse) void identity.onSignResponse(msg.signResponse);
            else if (msg.command) void onCommand(msg.command);
            else if (msg.heartbeat)
              send({ heartbeat: { seq: msg.heartbeat.seq, sentAt: msg.heartbeat.sentAt } });
          },
          connected: () => {
            identity.resendPending();
            send({ status: status() });
          },
        },
        log,
      );
      control.client.start();
      reportTimer = setInterval(report, config.reportIntervalMs);
      reportTimer.unref();
    },
    drain() {
      drainPromise ??= (async () => {
        draining = true;
        log.info("draining", { inFlight, deadlineMs: config.drainTimeoutMs });
        // Stop accepting; `close` resolves only once every connection is gone, so it
        // is not awaited here — the drain below is what ends them.
        const listenersClosed = Promise.all([closeServer(bindings.inbound), closeServer(bindings.outbound)]);
        for (const f of frontends) f.drain();
        await waitIdle(config.drainTimeoutMs);
        report(); // last status (DRAINING) and metrics
        for (const f of frontends) f.destroyAll();
        await listenersClosed;
        clearInterval(reportTimer);
        identity.stop();
        control.client?.stop();
        rt.meshPools.close();
        rt.egressPools.close();
        rt.appPools?.close();
        const adminClosed = closeServer(bindings.admin);
        admin?.close();
        await adminClosed;
        log.info("drained", { inFlight });
        resolveStopped();
      })();
      return drainPromise;
    },
  };

  const waitIdle = (deadlineMs: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, deadlineMs);
      const tick = setInterval(() => {
        for (const f of frontends) f.closeIdle();
      }, 100);
      function done() {
        clearTimeout(timer);
        clearInterval(tick);
        onIdle = undefined;
        resolve();
      }
      if (inFlight === 0) done();
      else onIdle = done;
    });

  return proxy;
}

function spiffeIdFor(config: ProxyConfig, trustDomain: string): string {
  return config.identity ?? workloadSpiffeId(trustDomain, config.namespace, config.serviceAccount!);
}

function ownProtocol(table: RoutingTable | undefined, config: ProxyConfig) {
  const own = table?.services.get(`${config.namespace}/${config.service}`);
  if (!own) return "http" as const;
  for (const p of own.ports.values()) if (p !== "tcp") return p;
  return "http" as const;
}

function closeServer(
  server: { close(cb: () => void): unknown; listening: boolean } | undefined,
): Promise<void> {
  return new Promise((resolve) => {
    if (!server?.listening) return resolve();
    server.close(() => resolve());
  });
}
