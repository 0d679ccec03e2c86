import type { Endpoint__Input, Service__Input } from "@trellis/protocol/tunnel";
import { type DiscoveredServices, normalize } from "./types.ts";

/** The few fields of Kubernetes objects discovery reads (same names in watch JSON and typed lists). */
export type KubeMeta = {
  name?: string;
  namespace?: string;
  resourceVersion?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
};
export type KubeService = {
  metadata?: KubeMeta;
  spec?: {
    type?: string;
    ports?: { name?: string; port?: number; protocol?: string; appProtocol?: string }[];
  };
};
export type KubeEndpointSlice = {
  metadata?: KubeMeta;
  addressType?: string;
  endpoints?: {
    addresses?: string[];
    conditions?: { ready?: boolean | null };
    targetRef?: { kind?: string; name?: string };
  }[];
};

/** Service annotations that tell discovery what the API cannot. */
export const annotations = {
  /** Port of the workloads' proxy inbound listener (default 4143, Linkerd's). */
  inboundPort: "trellis.dev/inbound-port",
  /** Service account of the workloads: EndpointSlices do not carry it (default: the service name). */
  serviceAccount: "trellis.dev/service-account",
  /** "false" leaves the service out of the mesh. */
  discover: "trellis.dev/discover",
} as const;
export const defaultInboundPort = 4143;
/** Control-plane namespaces of Kubernetes itself are never meshed. */
export const ignoredNamespaces = new Set(["kube-system", "kube-public", "kube-node-lease"]);

/** appProtocol first (it is the standard), then the port-name prefix convention; HTTP by default. */
export function portProtocol(port: {
  name?: string;
  appProtocol?: string;
}): "http" | "http2" | "grpc" | "tcp" {
  const app = (port.appProtocol ?? "").toLowerCase();
  if (app === "grpc") return "grpc";
  if (app === "http2" || app === "h2c" || app === "kubernetes.io/h2c") return "http2";
  if (app === "tcp") return "tcp";
  if (app === "http" || app === "kubernetes.io/ws") return "http";
  const name = (port.name ?? "").toLowerCase();
  const prefixed = (p: string) => name === p || name.startsWith(`${p}-`);
  if (prefixed("grpc")) return "grpc";
  if (prefixed("http2") || prefixed("h2c")) return "http2";
  if (prefixed("tcp")) return "tcp";
  return "http";
}

function serviceKey(ns: string, name: string): string {
  return `${ns}/${name}`;
}

/** Services + EndpointSlices → the DiscoveryUpdate the tunnel carries. Pure. */
export function mapKubernetes(services: KubeService[], slices: KubeEndpointSlice[]): DiscoveredServices {
  const endpointsBy = new Map<string, Map<string, Endpoint__Input>>();
  const out: Service__Input[] = [];
  const byKey = new Map<string, KubeService>();
  for (const svc of services) {
    const ns = svc.metadata?.namespace ?? "default";
    const name = svc.metadata?.name ?? "";
    if (!name || ignoredNamespaces.has(ns) || svc.metadata?.annotations?.[annotations.discover] === "false")
      continue;
    if (svc.spec?.type === "ExternalName") continue;
    byKey.set(serviceKey(ns, name), svc);
  }
  for (const slice of slices) {
    const ns = slice.metadata?.namespace ?? "default";
    const owner = slice.metadata?.labels?.["kubernetes.io/service-name"];
    const svc = owner ? byKey.get(serviceKey(ns, owner)) : undefined;
    if (!svc || !owner) continue;
    const ann = svc.metadata?.annotations ?? {};
    const inboundPort = Number(ann[annotations.inboundPort] ?? defaultInboundPort) || defaultInboundPort;
    const serviceAccount = ann[annotations.serviceAccount] ?? owner;
    const eps = endpointsBy.get(serviceKey(ns, owner)) ?? new Map<string, Endpoint__Input>();
    endpointsBy.set(serviceKey(ns, owner), eps);
    for (const ep of slice.endpoints ?? []) {
      for (const address of ep.addresses ?? []) {
        eps.set(address, {
          address,
          port: inboundPort,
          serviceAccount,
          workload: ep.targetRef?.name ?? "",
          // The API says: a nil ready condition means ready.
          ready: ep.conditions?.ready ?? true,
          vmName: "",
        });
      }
    }
  }
  for (const [key, svc] of byKey) {
    const ports = (svc.spec?.ports ?? [])
      .filter((p) => p.port && (p.protocol ?? "TCP") === "TCP")
      .map((p) => ({ port: p.port!, protocol: portProtocol(p), name: p.name ?? "" }));
    if (ports.length === 0) continue;
    out.push({
      name: svc.metadata!.name!,
      namespace: svc.metadata?.namespace ?? "default",
      ports,
      endpoints: [...(endpointsBy.get(key)?.values() ?? [])],
    });
  }
  return normalize({ services: out });
}
