import type {
  FlagName,
  MeshHealth,
  MeshMetrics,
  MeshProxy,
  MetricWindow,
  ProxyKind,
  ServiceGraph,
} from "@trellis/protocol/api";
import { operations } from "../operations.ts";
import { checkOptions, requestOptionKeys } from "../options.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import { PaginatedNamespace } from "./base.ts";

/** Filters of the proxy inventory. */
export interface ProxyFilter {
  cluster?: string;
  service?: string;
  /** Proxy release version, e.g. `0.3.1`. */
  version?: string;
  /** Only proxies with this flag (e.g. `config_out_of_sync`, `cert_expiring`), on them or their service. */
  flag?: FlagName;
  /** Only this data plane: `trellis-proxy`, `envoy` or `grpc-proxyless`. */
  kind?: ProxyKind;
}

/**
 * The proxies of a mesh as their connectors report them: kind of data plane (trellis-proxy,
 * or an xDS client: Envoy, proxyless gRPC), version, health, config, cert expiry.
 */
export class ProxiesNamespace extends PaginatedNamespace<MeshProxy> {
  /** @internal */
  constructor(t: Transport, mesh: string, filter: ProxyFilter = {}) {
    super(
      t,
      operations.listProxies,
      { mesh },
      { ...checkOptions("proxies", filter, ["cluster", "service", "version", "flag", "kind"]) },
    );
  }
}

/** What golden metrics to read: a service's served traffic (or the whole mesh) over a window. */
export interface MetricsQuery {
  /** The destination service; the whole mesh when absent. */
  service?: string;
  namespace?: string;
  /** `5m`, `1h` (server default), `24h` or `7d`. */
  window?: MetricWindow;
}

/** Reads a mesh's health, golden metrics and service graph. */
export class ObservabilityReader {
  /** @internal */
  constructor(
    private readonly t: Transport,
    private readonly mesh: string,
  ) {}

  /** Health of the mesh: proxy and connector counts, and every flag with its reason. */
  async health(options: RequestOptions = {}): Promise<MeshHealth> {
    checkOptions("observability.health", options, requestOptionKeys);
    return (await this.t.call<MeshHealth>(operations.getHealth, { ...options, params: { mesh: this.mesh } }))
      .body;
  }

  /** Golden metrics (request rate, success rate, latency percentiles) over a window: series and totals. */
  async metrics(query: MetricsQuery = {}, options: RequestOptions = {}): Promise<MeshMetrics> {
    checkOptions("observability.metrics", query, ["service", "namespace", "window"]);
    checkOptions("observability.metrics", options, requestOptionKeys);
    const res = await this.t.call<MeshMetrics>(operations.getMetrics, {
      ...options,
      params: { mesh: this.mesh },
      query: { ...query },
    });
    return res.body;
  }

  /** The service graph: services and the edges between them with their traffic over a window (server default `5m`). */
  async graph(query: { window?: MetricWindow } = {}, options: RequestOptions = {}): Promise<ServiceGraph> {
    checkOptions("observability.graph", query, ["window"]);
    checkOptions("observability.graph", options, requestOptionKeys);
    const res = await this.t.call<ServiceGraph>(operations.getGraph, {
      ...options,
      params: { mesh: this.mesh },
      query: { ...query },
    });
    return res.body;
  }
}
