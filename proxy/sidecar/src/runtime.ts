import type { AppProtocol } from "@trellis/protocol/snapshot";
import type { BalancerRegistry } from "./balance/registry.ts";
import type { ProxyConfig } from "./config.ts";
import type { MeshTls } from "./identity/mesh-tls.ts";
import type { Logger } from "./log.ts";
import type { EdgeTable } from "./metrics/edges.ts";
import type { PolicyCounters } from "./metrics/policy-counters.ts";
import type { TcpCounters } from "./metrics/tcp.ts";
import type { Mirrors } from "./outbound/mirror.ts";
import type { PolicyState } from "./policy/state.ts";
import type { AppPools } from "./proxy/app-pools.ts";
import type { EgressPools } from "./proxy/egress-pools.ts";
import type { ExchangeObserver } from "./proxy/exchange.ts";
import type { MeshPools } from "./proxy/mesh-pools.ts";
import type { RoutingTable } from "./routing/types.ts";

/**
 * Everything the listeners need, built once by `build()` and passed down. The routing
 * table is read through `table()` on every request, so a swap is one assignment and
 * requests already routed keep the table they started with.
 */
export type Runtime = {
  readonly config: ProxyConfig;
  readonly log: Logger;
  table(): RoutingTable | undefined;
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
  readonly draining: () => boolean;
};
