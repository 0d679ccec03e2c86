import type { DiscoveredClusterService } from "./inputs.ts";
import { byString } from "./services.ts";

/** Per cluster name: `namespace/name` → the service's virtual IPs in that cluster, sorted. */
export type ClusterAddresses = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

/**
 * The virtual IPs (Kubernetes ClusterIPs) each cluster discovered, by service. A ClusterIP
 * means something only inside its own cluster (another cluster may use the same IP for
 * another service), so each cluster's snapshot carries only its own. Pure.
 */
export function clusterAddresses(services: readonly DiscoveredClusterService[]): ClusterAddresses {
  const out = new Map<string, Map<string, string[]>>();
  for (const s of services) {
    const addresses = [...new Set(s.addresses ?? [])].filter(Boolean).sort(byString);
    if (addresses.length === 0) continue;
    let byService = out.get(s.cluster);
    if (!byService) {
      byService = new Map();
      out.set(s.cluster, byService);
    }
    byService.set(`${s.namespace}/${s.name}`, addresses);
  }
  return out;
}

const none: ReadonlyMap<string, readonly string[]> = new Map();

/** One cluster's addresses by `namespace/name` (empty when it reported none). */
export function addressesOf(all: ClusterAddresses, cluster: string): ReadonlyMap<string, readonly string[]> {
  return all.get(cluster) ?? none;
}
