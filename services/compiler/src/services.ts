import { type AppProtocol, appProtocols, type SnapshotService } from "@trellis/protocol/snapshot";
import { vmSpiffeId, workloadSpiffeId } from "@trellis/protocol/spiffe";
import {
  type DiscoveredClusterService,
  type DiscoveredEndpoint,
  type EndpointState,
  endpointState,
} from "./inputs.ts";

/** The names a workload may use for a service, as Kubernetes DNS answers them. */
export function hostnamesOf(name: string, namespace: string): string[] {
  return [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`];
}

/** The SPIFFE id an endpoint's proxy must present (DESIGN §2); no account means `default`. */
export function endpointIdentity(trustDomain: string, namespace: string, e: DiscoveredEndpoint): string {
  if (e.vmName) return vmSpiffeId(trustDomain, e.vmName);
  return workloadSpiffeId(trustDomain, namespace, e.serviceAccount || "default");
}

function protocolOf(p: string): AppProtocol {
  return (appProtocols as readonly string[]).includes(p) ? (p as AppProtocol) : "tcp";
}

export const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One endpoint of a merged service, with everything both snapshot versions need. */
export interface MergedEndpoint {
  address: string;
  port: number;
  identity: string;
  cluster: string;
  state: EndpointState;
  workload?: string;
  proxyId?: string;
}

/** A mesh service: the union of what every cluster discovered under its namespace/name. */
export interface MergedService {
  name: string;
  namespace: string;
  hostnames: string[];
  ports: { port: number; protocol: AppProtocol; name?: string }[];
  endpoints: MergedEndpoint[];
}

/**
 * Merges the services of every cluster into one list: a service (namespace/name) found in
 * several clusters gets the endpoints of all of them, each tagged with its cluster. Ports
 * are merged by number (the first cluster in name order decides the protocol). Services
 * without a usable port and endpoints without an address or port are left out: a proxy
 * could not reach them anyway. Sorted by namespace, then name.
 */
export function mergeDiscovered(
  trustDomain: string,
  discovered: DiscoveredClusterService[],
): MergedService[] {
  const sorted = [...discovered].sort(
    (a, b) =>
      byString(a.namespace, b.namespace) ||
      byString(a.name, b.name) ||
      byString(a.cluster, b.cluster) ||
      // A cluster reports a service once; should it come twice, the order is still fixed.
      byString(JSON.stringify(a.ports), JSON.stringify(b.ports)),
  );
  const merged = new Map<string, MergedService>();
  for (const s of sorted) {
    const key = `${s.namespace}/${s.name}`;
    let out = merged.get(key);
    if (!out) {
      out = {
        name: s.name,
        namespace: s.namespace,
        hostnames: hostnamesOf(s.name, s.namespace),
        ports: [],
        endpoints: [],
      };
      merged.set(key, out);
    }
    for (const p of s.ports) {
      if (p.port < 1 || p.port > 65535 || out.ports.some((q) => q.port === p.port)) continue;
      out.ports.push({ port: p.port, protocol: protocolOf(p.protocol), ...(p.name ? { name: p.name } : {}) });
    }
    for (const e of s.endpoints) {
      if (!e.address || e.port < 1 || e.port > 65535) continue;
      out.endpoints.push({
        address: e.address,
        port: e.port,
        identity: endpointIdentity(trustDomain, s.namespace, e),
        cluster: s.cluster,
        state: endpointState(e),
        ...(e.workload ? { workload: e.workload } : {}),
        ...(e.proxyId ? { proxyId: e.proxyId } : {}),
      });
    }
  }
  const services = [...merged.values()].filter((s) => s.ports.length > 0);
  for (const s of services) {
    s.ports.sort((a, b) => a.port - b.port);
    // A total order, so even duplicate addresses come out the same whatever the input order.
    s.endpoints.sort(
      (a, b) =>
        byString(a.cluster, b.cluster) ||
        byString(a.address, b.address) ||
        a.port - b.port ||
        byString(a.identity, b.identity) ||
        byString(a.state, b.state) ||
        byString(a.workload ?? "", b.workload ?? "") ||
        byString(a.proxyId ?? "", b.proxyId ?? ""),
    );
  }
  return services;
}

/** The v1 form of the merged services: every endpoint listed, `ready` when its state is. */
export function mergeServices(
  trustDomain: string,
  discovered: DiscoveredClusterService[],
): SnapshotService[] {
  return mergeDiscovered(trustDomain, discovered).map((s) => ({
    name: s.name,
    namespace: s.namespace,
    hostnames: s.hostnames,
    ports: s.ports,
    endpoints: s.endpoints.map((e) => ({
      address: e.address,
      port: e.port,
      identity: e.identity,
      cluster: e.cluster,
      ready: e.state === "ready",
      ...(e.workload ? { workload: e.workload } : {}),
    })),
    loadBalancer: "p2c-ewma" as const,
  }));
}
