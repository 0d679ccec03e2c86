import type { ClusterV2, SourceRef } from "@trellis/protocol/snapshot/v2";
import type { Cors } from "../filters/cors.ts";
import type { Filters } from "../filters/index-filters.ts";
import type { Redirect } from "../filters/rewrite.ts";
import type { AdmissionLimits } from "../policy/admission.ts";
import type { Inbound } from "../policy/inbound-types.ts";
import type { OutlierSpec } from "../policy/outlier.ts";
import type { Fault, Retry } from "../policy/types.ts";
import type { SessionPersistence } from "../session/sticky.ts";
import type { WeightedTable } from "./weighted.ts";

/**
 * The indexed form of one snapshot v2: what the hot path reads. Nothing here is worked out
 * by the proxy — attachment, precedence, weights, policies and durations come resolved in
 * the snapshot; indexing only builds lookups (hostnames → virtual host, cluster names →
 * clusters), compiles match predicates and regular expressions once, and turns header
 * modifiers into the pairs the filters apply.
 */
export type Table = {
  version: number;
  /** The schema the connector sent (`trellis.config/v2`, or v1 read through `config/v1`). */
  schema: string;
  meshName: string;
  trustDomain: string;
  cluster: string;
  settings: { mtlsMode: "strict" | "permissive"; egressMode: "allow" | "deny" };
  trustBundle: readonly string[];
  /** Lower-cased host (and `host:port`) → the virtual host it reaches. */
  hosts: ReadonlyMap<string, HostEntry>;
  /** `namespace/name` → virtual host. */
  vhosts: ReadonlyMap<string, VirtualHost>;
  /** Cluster name (`namespace/name`) → cluster. */
  clusters: ReadonlyMap<string, Cluster>;
  /** What this proxy's inbound side enforces (the services it serves). */
  inbound: Inbound;
  /** Every policy `stateKey` in use, so state of removed policies can be dropped. */
  stateKeys: ReadonlySet<string>;
};

export type AppProtocol = ClusterV2["protocol"];

export type HostEntry = { vhost: VirtualHost; port: number | undefined };

export type VirtualHost = {
  key: string;
  name: string;
  namespace: string;
  hostnames: readonly string[];
  ports: ReadonlyMap<number, AppProtocol>;
  /** In precedence order: the first that matches wins; none matching is a 404. */
  routes: readonly Route[];
};

export type Route = {
  /** Metrics `route` label: the snapshot's label, "" for a service's own default route. */
  metricLabel: string;
  /** Value of `x-trellis-route` for the server's proxy (`<kind>/<label>`); "" when none. */
  routeHeader: string;
  source: SourceRef;
  /** Only for requests to this service port. */
  port: number | undefined;
  /** Only gRPC requests. */
  grpc: boolean;
  test: (input: MatchInput) => boolean;
  action: Action;
};

export type Action = Forward | RedirectAction | DirectResponse;

export type Forward = {
  type: "forward";
  backends: WeightedTable<Backend>;
  requestTimeoutMs: number;
  backendRequestTimeoutMs: number;
  retry: Retry | undefined;
  fault: Fault | undefined;
  mirrors: readonly Mirror[];
  filters: Filters;
  cors: Cors | undefined;
  session: SessionPersistence | undefined;
};

export type RedirectAction = {
  type: "redirect";
  redirect: Redirect;
  responseHeaders: Filters["responseHeaders"];
};

export type DirectResponse = { type: "direct-response"; status: number; reason: string };

export type Backend = { cluster: Cluster; filters: Filters | undefined; weight: number };

export type Mirror = { cluster: string; perMillion: number };

/**
 * A peer the balancer picks: where its proxy listens, who it must be, how long a connect
 * may take, and whether it drains (it then gets no new request while another is usable).
 */
export type Endpoint = {
  address: string;
  port: number;
  identity: string;
  connectTimeoutMs: number;
  draining: boolean;
};

export type Cluster = {
  key: string;
  name: string;
  namespace: string;
  protocol: AppProtocol;
  loadBalancer: "p2c-ewma" | "round-robin";
  endpoints: readonly Endpoint[];
  limits: AdmissionLimits | undefined;
  outlier: OutlierSpec;
};

/** What a request looks like to a matcher: plain values, no Node objects. */
export type MatchInput = {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Raw query string without '?', or "". */
  query: string;
  /** Host without port, lower case. */
  host: string;
  /** The authority as sent (`host[:port]`), lower case: `:authority` header matches read it. */
  authority: string;
  port: number | undefined;
  header: (name: string) => string | undefined;
};
