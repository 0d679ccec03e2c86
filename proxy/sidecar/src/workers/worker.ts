import type { Server } from "node:net";
import type { ProxyMessage__Input } from "@trellis/protocol/tunnel";
import { createLogger } from "@trellis/proxy-core/logger";
import { attachTraffic, listenTraffic, type TrafficFrontends } from "../app/listeners.ts";
import { applyEndpointStates, closePools, createRuntime } from "../app/runtime.ts";
import { bind } from "../bind.ts";
import type { ProxyConfig } from "../config/flags.ts";
import { ConfigWatcher } from "../config/watcher.ts";
import { Drain } from "../lifecycle/drain.ts";
import { JwksCache } from "../policy/jwt.ts";
import { takeMetricBatch } from "../report/reports.ts";
import { TapSessions } from "../report/tap.ts";
import type { StateStore } from "../state/store.ts";
import { isOurs, type ToPrimary, type ToWorker } from "./messages.ts";

/**
 * The primary persists the snapshot it ACKs; a worker only compiles what it is sent,
 * so its watcher keeps nothing on disk (N processes writing one file would race).
 */
const noDisk = {
  loadSnapshot: async () => undefined,
  saveSnapshot: async () => {},
} as unknown as StateStore;

/**
 * One `--workers` process: the data path only — inbound and outbound listeners (shared
 * with the other workers through node:cluster), routing, policies, pools and metrics.
 * Config, TLS material, endpoint states, taps and the drain come from the primary,
 * which holds the control stream; metric batches and tap events go back through it.
 */
export async function runWorker(c: ProxyConfig): Promise<void> {
  const toPrimary = (msg: ToPrimary) => process.send?.(msg);
  const sendUp = (msg: ProxyMessage__Input) => toPrimary({ t: "send", msg });
  const log = createLogger(c.logLevel, { component: "trellis-proxy", service: c.service, pid: process.pid });
  const { inbound, outbound } = await bind(c);
  const bindings = { inbound, outbound };
  let frontends: TrafficFrontends = { inbound: [], outbound: [], all: [] };
  const self = { service: c.service, namespace: c.namespace, proxyId: c.proxyId ?? "" };
  const tap = new TapSessions(self, (tapEvent) => sendUp({ tapEvent }));
  let windowStartMs = Date.now();
  const report = () => {
    const now = Date.now();
    const metrics = takeMetricBatch(rt.edges, self, windowStartMs, now);
    windowStartMs = now;
    if (metrics) sendUp({ metrics });
  };
  const timer = setInterval(report, c.reportIntervalMs);
  const drain: Drain = new Drain({
    log,
    deadlineMs: c.drainTimeoutMs,
    tap,
    steps: {
      inbound: () => inbound,
      outbound: () => outbound,
      frontends: () => frontends.all,
      inboundFrontends: () => frontends.inbound,
      outboundFrontends: () => frontends.outbound,
      started: () => {}, // the primary says DRAINING on the control stream
      idle: report,
      release: async () => {
        clearInterval(timer);
        closePools(rt);
      },
    },
  });
  const rt = createRuntime(c, log, {
    table: () => watcher.table(),
    observer: drain,
    draining: () => drain.draining,
  });
  const watcher = new ConfigWatcher({ config: c, store: noDisk, rt, jwks: new JwksCache(), log });
  process.on("message", (msg: unknown) => {
    if (!isOurs<ToWorker>(msg)) return;
    switch (msg.t) {
      case "config":
        return void watcher.receive({ version: 0, nonce: "", payload: msg.payload });
      case "tls":
        return rt.meshTls.set(msg.material);
      case "endpoints":
        return applyEndpointStates(rt, msg.states);
      case "tap-start":
        return tap.start(msg.tap);
      case "tap-stop":
        return void tap.stop(msg.tapId);
      case "metrics":
        return void rt.registry
          .getMetricsAsJSON()
          .then((metrics) => toPrimary({ t: "metrics", id: msg.id, metrics }));
      case "drain":
        return void drain.run();
    }
  });
  const announce = (listener: "inbound" | "outbound", server: Server | undefined) => {
    const say = () => {
      const a = server?.address();
      if (a && typeof a === "object")
        toPrimary({ t: "listening", listener, address: `${a.address}:${a.port}` });
    };
    if (server?.listening) say();
    else server?.once("listening", say);
  };
  // The primary coordinates the drain; a signal to the whole process group, or the
  // primary going away, drains this worker as well.
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void drain.run());
  process.on("disconnect", () => void drain.run());
  announce("inbound", inbound);
  announce("outbound", outbound);
  frontends = attachTraffic(bindings, rt);
  toPrimary({ t: "hello" });
  await listenTraffic(bindings, c, rt);
  await drain.stopped;
  process.exit(0);
}
