import type { EndpointStates } from "@trellis/protocol/tunnel";
import type { Logger } from "@trellis/proxy-core/logger";
import type { Registry } from "prom-client";
import { BalancerRegistry } from "../balance/registry.ts";
import type { ProxyConfig } from "../config/flags.ts";
import { MeshTls } from "../identity/mesh-tls.ts";
import { EdgeTable } from "../metrics/edges.ts";
import { PolicyCounters } from "../metrics/policy-counters.ts";
import { createRegistry } from "../metrics/prometheus.ts";
import { TcpCounters } from "../metrics/tcp.ts";
import { PolicyState } from "../policy/state.ts";
import { AppPools } from "../proxy/app-pools.ts";
import { EgressPools } from "../proxy/egress-pools.ts";
import type { ExchangeObserver } from "../proxy/exchange.ts";
import { MeshPools } from "../proxy/mesh-pools.ts";
import type { AppProtocol, Table } from "../routing/types.ts";
import { Mirrors } from "./outbound/mirror.ts";

/**
 * Everything the listeners need, built once by `build()` and passed down. The routing
 * table is read through `table()` on every request, so a swap is one assignment and
 * requests already routed keep the table they started with.
 */
export type Runtime = {
  readonly config: ProxyConfig;
  readonly log: Logger;
  table(): Table | undefined;
  /** Protocol of the local app (flag, else the service's port protocol in the snapshot). */
  appProtocol(): AppProtocol;
  readonly balancers: BalancerRegistry;
  readonly meshTls: MeshTls;
  readonly meshPools: MeshPools;
  readonly egressPools: EgressPools;
  readonly appPools: AppPools | undefined;
  readonly edges: EdgeTable;
  readonly tcp: TcpCounters;
  readonly observer: ExchangeObserver;
  /** Budgets, token buckets and circuit-breaker gates, kept across snapshot swaps. */
  readonly policyState: PolicyState;
  readonly policyCounters: PolicyCounters;
  readonly mirrors: Mirrors;
  /** Prometheus registry of the admin port's `/metrics`. */
  readonly registry: Registry;
  readonly draining: () => boolean;
};

/** The shared state of the data path, before the listeners exist. */
export function createRuntime(
  config: ProxyConfig,
  log: Logger,
  live: { table(): Table | undefined; observer: ExchangeObserver; draining(): boolean },
): Runtime {
  const meshTls = new MeshTls();
  const tcp = new TcpCounters();
  const balancers = new BalancerRegistry(config.loadBalancerDefaultRttMs);
  const meshPools = new MeshPools(meshTls, tcp, config.connectTimeoutMs);
  const policyCounters = new PolicyCounters();
  const edges = new EdgeTable();
  return {
    config,
    log,
    table: live.table,
    appProtocol: () => config.appProtocol ?? ownProtocol(live.table(), config),
    balancers,
    meshTls,
    meshPools,
    egressPools: new EgressPools(tcp),
    appPools: config.app ? new AppPools(config.app, tcp, config.connectTimeoutMs) : undefined,
    edges,
    tcp,
    observer: live.observer,
    policyState: new PolicyState(),
    policyCounters,
    mirrors: new Mirrors({ balancers, meshTls, meshPools, policyCounters }),
    registry: createRegistry(edges, tcp, policyCounters),
    draining: live.draining,
  };
}

/**
 * The connector's overlay of unavailable endpoints (EndpointStates): the balancers stop
 * choosing them, and idle pooled connections to those that just left are closed.
 */
export function applyEndpointStates(rt: Runtime, msg: EndpointStates): void {
  const next = new Map(msg.unavailable.map((e) => [`${e.address}:${e.port}`, e.reason || "unavailable"]));
  const left = rt.balancers.setUnavailable(next);
  for (const key of left) rt.meshPools.retire(key);
  if (left.length > 0 || next.size > 0)
    rt.log.info("endpoint states from the connector", { unavailable: Object.fromEntries(next) });
}

/** Closes every upstream connection pool (end of a drain). */
export function closePools(rt: Runtime): void {
  rt.meshPools.close();
  rt.egressPools.close();
  rt.appPools?.close();
}

function ownProtocol(table: Table | undefined, config: ProxyConfig): AppProtocol {
  const own = table?.vhosts.get(`${config.namespace}/${config.service}`);
  if (!own) return "http";
  for (const p of own.ports.values()) if (p !== "tcp") return p;
  return "http";
}
