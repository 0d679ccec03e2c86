import type { AppProtocol, SnapshotEndpoint, SnapshotSettings } from "@trellis/protocol/snapshot";
import type { CompiledFilters } from "../filters/compile.ts";
import type { PolicyTable } from "../policy/types.ts";
import type { WeightedTable } from "./weighted.ts";

/** The compiled, immutable form of one config snapshot: what the hot path reads. */
export type RoutingTable = {
  version: number;
  meshName: string;
  trustDomain: string;
  cluster: string;
  settings: SnapshotSettings;
  trustBundle: readonly string[];
  /** Lower-cased host (and `host:port`) → the service it reaches. */
  hosts: ReadonlyMap<string, HostEntry>;
  /** `namespace/name` → service. */
  services: ReadonlyMap<string, CompiledService>;
  /** RetryPolicy, CircuitBreaker, AuthorizationPolicy, RateLimit, FaultInjection, compiled. */
  policies: PolicyTable;
};

export type HostEntry = { service: CompiledService; port: number | undefined };

export type CompiledService = {
  key: string;
  name: string;
  namespace: string;
  hostnames: readonly string[];
  ports: ReadonlyMap<number, AppProtocol>;
  endpoints: readonly SnapshotEndpoint[];
  loadBalancer: "p2c-ewma" | "round-robin";
  /** HTTPRoute matches of every route whose parentRef is this service, most specific first. */
  httpMatches: readonly CompiledMatch[];
  /** GRPCRoute matches, most specific first. */
  grpcMatches: readonly CompiledMatch[];
};

/** A resolved backendRef. `service` is undefined when the ref names no known service. */
export type CompiledBackend = {
  service: CompiledService | undefined;
  ref: string;
  port: number | undefined;
  weight: number;
};

export type CompiledRule = {
  /** `<route>` or `<route>/<rule name>`; the `route` metric label. */
  label: string;
  routeKind: "HTTPRoute" | "GRPCRoute";
  /** The route's name (policies target routes by kind and name). */
  routeName: string;
  /** The rule's own name, if it has one. */
  ruleName: string | undefined;
  backends: WeightedTable<CompiledBackend>;
  /** Whole-request timeout in ms (Gateway API `timeouts.request`); 0 = none. */
  requestTimeoutMs: number;
  /** Per-attempt timeout in ms (`timeouts.backendRequest`); 0 = none. */
  backendTimeoutMs: number;
  filters: CompiledFilters;
};

/** What a request looks like to a matcher: plain values, no Node objects. */
export type MatchInput = {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Raw query string without '?', or "". */
  query: string;
  host: string;
  port: number | undefined;
  header: (name: string) => string | undefined;
};

export type CompiledMatch = {
  rule: CompiledRule;
  /** Only for requests to this service port, when the parentRef names one. */
  parentPort: number | undefined;
  hostnames: readonly string[] | undefined;
  test: (input: MatchInput) => boolean;
  /** The matched path prefix a ReplacePrefixMatch rewrite replaces ("/" without a path match). */
  pathPrefix: string;
  /** Sort keys, most specific first (Gateway API precedence). */
  rank: readonly number[];
  /** Tie-breaker: route name then rule/match order. */
  order: string;
};

export type ServicePortProtocol = AppProtocol;
