import { operations } from "../operations.ts";
import type { RequestOptions, Transport } from "../transport.ts";
import { PaginatedNamespace } from "./base.ts";

// The proxy inventory, health, metrics and graph objects are defined inside the control
// plane for now, not in @trellis/protocol, so the SDK types them as plain JSON objects until
// their schemas move to the protocol package (requested).

/** A JSON object as the API returned it. */
export type JsonObject = Record<string, unknown>;

/** Filters of the proxy inventory. */
export interface ProxyFilter {
  cluster?: string;
  service?: string;
  /** Proxy release version, e.g. `0.3.1`. */
  version?: string;
  /** Only proxies with this drift flag (e.g. out of sync, cert near expiry). */
  flag?: string;
}

/** The proxies of a mesh as their connectors report them: version, health, config, cert expiry. */
export class ProxiesNamespace extends PaginatedNamespace<JsonObject> {
  /** @internal */
  constructor(t: Transport, mesh: string, filter: ProxyFilter = {}) {
    super(t, operations.listProxies, { mesh }, { ...filter });
  }
}

/** Time window of metrics queries, e.g. `5m`, `1h`. */
export interface MetricsQuery {
  /** The destination service; the whole mesh when absent. */
  service?: string;
  namespace?: string;
  window?: string;
}

/** Reads a mesh's health, golden metrics and service graph. */
export class ObservabilityReader {
  /** @internal */
  constructor(
    private readonly t: Transport,
    private readonly mesh: string,
  ) {}

  /** Health of the mesh: connectors, proxies, drift flags. */
  async health(options: RequestOptions = {}): Promise<JsonObject> {
    return (await this.t.call<JsonObject>(operations.getHealth, { ...options, params: { mesh: this.mesh } }))
      .body;
  }

  /** Golden metrics (request rate, success rate, latency percentiles) over a window. */
  async metrics(query: MetricsQuery = {}, options: RequestOptions = {}): Promise<JsonObject> {
    const res = await this.t.call<JsonObject>(operations.getMetrics, {
      ...options,
      params: { mesh: this.mesh },
      query: { ...query },
    });
    return res.body;
  }

  /** The service graph: edges between services with their traffic over a window. */
  async graph(query: { window?: string } = {}, options: RequestOptions = {}): Promise<JsonObject> {
    const res = await this.t.call<JsonObject>(operations.getGraph, {
      ...options,
      params: { mesh: this.mesh },
      query: { ...query },
    });
    return res.body;
  }
}
