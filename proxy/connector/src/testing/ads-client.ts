import * as grpc from "@grpc/grpc-js";
import { decodeToJson, typeNameOfUrl } from "../xds/protos/proto-codec.ts";
import {
  adsClientConstructor,
  type DeltaDiscoveryRequest,
  type DeltaDiscoveryResponse,
  type DiscoveryRequest,
  type DiscoveryResponse,
} from "../xds/server/ads-service.ts";

/**
 * A raw ADS client for tests and benchmarks: Envoy's own discovery messages (from the
 * protos in @grpc/grpc-js-xds), sent and received exactly as the test says — so the
 * server's protocol handling (wildcards, nonces, NACKs, delta) can be driven where a real
 * client would hide it. Node metadata is given as plain JSON and sent as a Struct.
 */

export type AdsNode = {
  id: string;
  user_agent_name?: string;
  user_agent_version?: string;
  metadata?: Record<string, unknown>;
};

export { adsClientConstructor };

export const typeUrls = {
  listener: "type.googleapis.com/envoy.config.listener.v3.Listener",
  route: "type.googleapis.com/envoy.config.route.v3.RouteConfiguration",
  cluster: "type.googleapis.com/envoy.config.cluster.v3.Cluster",
  endpoint: "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment",
  secret: "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret",
} as const;

function struct(json: Record<string, unknown>): unknown {
  const value = (v: unknown): unknown => {
    if (v === null) return { nullValue: "NULL_VALUE" };
    if (typeof v === "number") return { numberValue: v };
    if (typeof v === "string") return { stringValue: v };
    if (typeof v === "boolean") return { boolValue: v };
    if (Array.isArray(v)) return { listValue: { values: v.map(value) } };
    return { structValue: struct(v as Record<string, unknown>) };
  };
  return { fields: Object.fromEntries(Object.entries(json).map(([k, v]) => [k, value(v)])) };
}

function wireNode(node: AdsNode) {
  return { ...node, metadata: struct(node.metadata ?? {}) };
}

abstract class AdsStream<Req, Res> {
  readonly responses: Res[] = [];
  status: grpc.StatusObject | null = null;
  protected waiters: (() => void)[] = [];
  readonly client: grpc.Client;
  protected call!: grpc.ClientDuplexStream<Req, Res>;

  constructor(address: string) {
    const Ctor = adsClientConstructor();
    this.client = new Ctor(address, grpc.credentials.createInsecure());
  }

  protected wire(call: grpc.ClientDuplexStream<Req, Res>): void {
    this.call = call;
    call.on("data", (r: Res) => {
      this.responses.push(r);
      for (const w of this.waiters.splice(0)) w();
    });
    call.on("error", () => {});
    call.on("status", (s: grpc.StatusObject) => {
      this.status = s;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Waits for the next response matching `pred` after `from` (an index into `responses`). */
  async next(pred: (r: Res) => boolean = () => true, from = 0, timeoutMs = 10_000): Promise<Res> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.responses.slice(from).find(pred);
      if (hit) return hit;
      if (this.status) throw new Error(`ADS stream ended: ${this.status.code} ${this.status.details}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for an ADS response");
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.call.cancel();
    this.client.close();
  }
}

/** State of the world (`StreamAggregatedResources`). */
export class SotwAdsClient extends AdsStream<DiscoveryRequest, DiscoveryResponse> {
  constructor(
    address: string,
    private readonly node: AdsNode,
  ) {
    super(address);
    this.wire((this.client as unknown as Record<string, () => never>).StreamAggregatedResources!());
  }

  send(req: Partial<DiscoveryRequest> & { type_url: string }, withNode = true): void {
    this.call.write({
      version_info: "",
      resource_names: [],
      response_nonce: "",
      error_detail: null,
      ...req,
      node: withNode ? (wireNode(this.node) as DiscoveryRequest["node"]) : null,
    });
  }

  ack(res: DiscoveryResponse, names: string[] = []): void {
    this.send(
      {
        type_url: res.type_url,
        version_info: res.version_info,
        response_nonce: res.nonce,
        resource_names: names,
      },
      false,
    );
  }

  nack(res: DiscoveryResponse, message: string, names: string[] = []): void {
    this.send(
      {
        type_url: res.type_url,
        response_nonce: res.nonce,
        resource_names: names,
        error_detail: { code: 3, message },
      },
      false,
    );
  }
}

/** Incremental (`DeltaAggregatedResources`). */
export class DeltaAdsClient extends AdsStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse> {
  constructor(
    address: string,
    private readonly node: AdsNode,
  ) {
    super(address);
    this.wire((this.client as unknown as Record<string, () => never>).DeltaAggregatedResources!());
  }

  send(req: Partial<DeltaDiscoveryRequest> & { type_url: string }, withNode = true): void {
    this.call.write({
      resource_names_subscribe: [],
      resource_names_unsubscribe: [],
      initial_resource_versions: {},
      response_nonce: "",
      error_detail: null,
      ...req,
      node: withNode ? (wireNode(this.node) as DeltaDiscoveryRequest["node"]) : null,
    });
  }

  ack(res: DeltaDiscoveryResponse): void {
    this.send({ type_url: res.type_url, response_nonce: res.nonce }, false);
  }

  nack(res: DeltaDiscoveryResponse, message: string): void {
    this.send(
      { type_url: res.type_url, response_nonce: res.nonce, error_detail: { code: 3, message } },
      false,
    );
  }
}

/** A response's resources as canonical Envoy JSON. */
export function decodeResources(res: {
  resources: { type_url: string; value: Buffer }[];
}): Record<string, unknown>[] {
  return res.resources.map(
    (r) => decodeToJson(typeNameOfUrl(r.type_url), r.value) as Record<string, unknown>,
  );
}

export function resourceNamesOf(res: { resources: { type_url: string; value: Buffer }[] }): string[] {
  return decodeResources(res).map((r) => String(r.name ?? r.cluster_name));
}
