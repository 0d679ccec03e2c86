import { hostname } from "node:os";
import type { ProxyMessage__Input } from "@trellis/protocol/tunnel";
import { createLogger, type Logger } from "@trellis/proxy-core/logger";
import { attachAdmin } from "./app/admin/admin-server.ts";
import { attachTraffic, listenTraffic, type TrafficFrontends } from "./app/listeners.ts";
import { applyEndpointStates, closePools, createRuntime } from "./app/runtime.ts";
import { allListening, type Bindings, listenOn } from "./bind.ts";
import type { ProxyConfig } from "./config/flags.ts";
import { ConfigWatcher } from "./config/watcher.ts";
import { ControlSession } from "./control/session.ts";
import { IdentityManager } from "./identity/identity-manager.ts";
import { closeServer, Drain } from "./lifecycle/drain.ts";
import { readiness } from "./lifecycle/readiness.ts";
import { JwksCache } from "./policy/jwt.ts";
import { Reporter } from "./report/reporter.ts";
import { statusOf } from "./report/status.ts";
import { TapSessions } from "./report/tap.ts";
import { StateStore } from "./state/store.ts";
import { proxyVersion } from "./version.ts";
import { fanOut, WorkerFleet } from "./workers/fleet.ts";

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
  /** The worker processes (`--workers` > 1), else undefined. */
  readonly fleet: WorkerFleet | undefined;
};

export type BuildOptions = {
  logger?: Logger;
  /** Fetch used for AuthorizationPolicy `jwksUri` documents (tests serve their own). */
  jwksFetch?: ConstructorParameters<typeof JwksCache>[0];
  /**
   * `--workers N` (N > 1): this process holds the control stream and the admin port;
   * N forked workers serve the traffic listeners (bindings then hold the admin only).
   * Workers re-run the process's entry point, so only the bin (main.ts) sets it.
   */
  workers?: number;
};

/** Builds the proxy on the given listeners; only composes its parts. Nothing runs until `run()`. */
export async function build(c: ProxyConfig, bindings: Bindings, options: BuildOptions = {}) {
  const log = options.logger ?? createLogger(c.logLevel, { component: "trellis-proxy", service: c.service });
  const store = new StateStore(c.stateDir);
  await store.init();
  const proxyId = c.proxyId ?? (await store.proxyId());
  const self = {
    ...c,
    proxyId,
    serviceAccount: c.serviceAccount ?? "",
    workload: c.workload ?? hostname(),
    startedAtMs: Date.now(),
  };
  const send = (msg: ProxyMessage__Input): boolean => session.send(msg);
  let frontends: TrafficFrontends = { inbound: [], outbound: [], all: [] };
  const fleet =
    options.workers && options.workers > 1
      ? new WorkerFleet({
          count: options.workers,
          proxyId,
          listeners: trafficListeners(c),
          log,
          forward: send,
        })
      : undefined;
  const tap = new TapSessions(self, (tapEvent) => send({ tapEvent }));
  const drain: Drain = new Drain({
    log,
    deadlineMs: c.drainTimeoutMs,
    tap,
    steps: {
      inbound: () => bindings.inbound,
      outbound: () => bindings.outbound,
      frontends: () => frontends.all,
      inboundFrontends: () => frontends.inbound,
      outboundFrontends: () => frontends.outbound,
      started: () => reporter.sendStatus(),
      ...(fleet ? { workers: () => fleet.drain() } : {}),
      idle: () => reporter.report(), // the last status (DRAINING) and metrics
      release: async () => {
        for (const part of [reporter, identity, session]) part.stop();
        closePools(rt);
        await store.settled();
        await Promise.all([closeServer(bindings.admin), admin?.close()]);
      },
    },
  });
  const rt = createRuntime(c, log, {
    table: () => watcher.table(),
    observer: drain,
    draining: () => drain.draining,
  });
  const watcher = new ConfigWatcher({ config: c, store, rt, jwks: new JwksCache(options.jwksFetch), log });
  const identity: IdentityManager = new IdentityManager({
    store,
    meshTls: rt.meshTls,
    log,
    proxyId,
    renewAtFraction: c.renewAtFraction,
    send: (signRequest) => send({ signRequest }),
  });
  const ready = () =>
    readiness({
      hasConfig: !!watcher.table(),
      hasCertificate: rt.meshTls.ready,
      listening: fleet
        ? allListening(bindings) && fleet.allListening()
        : frontends.all.length > 0 && allListening(bindings),
      draining: drain.draining,
    });
  const status = () =>
    statusOf({ self, identity, watcher, draining: drain.draining, ready: ready().ready, proxyVersion });
  const reporter = new Reporter({ self, intervalMs: c.reportIntervalMs, edges: rt.edges, send, status });
  const session: ControlSession = new ControlSession(
    c.connector,
    {
      self,
      ...(fleet ? fanOut(fleet, { watcher, tap }) : { watcher, tap }),
      identity,
      reporter,
      endpointStates: (m) => {
        applyEndpointStates(rt, m);
        fleet?.setEndpoints(m);
      },
      drain: () => void drain.run(),
    },
    log,
  );
  const admin =
    bindings.admin &&
    attachAdmin(bindings.admin, {
      registry: fleet ? fleet.mergedRegistry(rt.registry) : rt.registry,
      ready,
      table: () => watcher.table(),
      identity: () => identity.describe(),
      l4PassThrough: c.l4PassThrough,
    });

  return {
    proxyId,
    stopped: drain.stopped,
    appliedVersion: () => watcher.version,
    spiffeId: () => identity.spiffeId,
    inFlight: () => drain.inFlight,
    drain: () => drain.run(),
    fleet,
    async run() {
      await listenOn(bindings.admin, c.admin); // /live at once; /ready says what is missing
      if (fleet) rt.meshTls.onChange((m) => fleet.setTls(m));
      // The stored certificate before the stored snapshot: a table naming our identity
      // must find the certificate we already have, not ask for a new one.
      await identity.start(c.identity, watcher, (trustDomain) => watcher.spiffeIdIn(trustDomain));
      await watcher.loadStored();
      if (fleet && watcher.table()) fleet.setConfig((await store.loadSnapshot())!.payload);
      identity.startWithoutTable(watcher.table() ? undefined : c.identity);
      frontends = attachTraffic(bindings, rt); // handlers first, then listen
      await listenTraffic(bindings, c, rt);
      fleet?.start();
      session.start();
      reporter.start();
      const healthMaybeChanged = () => queueMicrotask(() => reporter.healthMaybeChanged());
      watcher.onTable(healthMaybeChanged);
      rt.meshTls.onChange(healthMaybeChanged);
      fleet?.onChange(healthMaybeChanged);
      bindings.inbound?.on("listening", healthMaybeChanged);
    },
  } satisfies SidecarProxy;
}

function trafficListeners(c: ProxyConfig): ("inbound" | "outbound")[] {
  return [...(c.inbound ? (["inbound"] as const) : []), ...(c.outbound ? (["outbound"] as const) : [])];
}
