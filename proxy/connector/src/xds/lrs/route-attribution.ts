import type { ConfigSnapshotV2, VirtualHostV2 } from "@trellis/protocol/snapshot/v2";

/**
 * The metrics `route` label of load a proxyless client reported for one cluster. LRS counts
 * calls per cluster, not per route, so the route is inferred from the snapshot: the routes
 * of the services the client dialled (the LDS names it subscribed to — `inventory`,
 * `inventory:50051`, a virtual IP) that forward to that cluster. One route (its rules
 * aside) → that route's name, so the graph draws caller → route parent → backend as it
 * does for trellis-proxy. None, several, or only a service's own `default` route → ""
 * (the request counts on caller → backend, unattributed), like trellis-proxy's unrouted
 * requests. `listeners` null means the client subscribed to every listener. Pure.
 */
export function routeOfCluster(
  snapshot: ConfigSnapshotV2,
  listeners: readonly string[] | null,
  cluster: string,
): string {
  const hosts = listeners === null ? null : new Set(listeners.map(hostOf));
  const routeNames = new Set<string>();
  for (const vh of snapshot.virtualHosts) {
    if (hosts && !dialled(vh, hosts)) continue;
    for (const r of vh.routes)
      if (r.action.type === "forward" && r.action.backends.some((b) => b.cluster === cluster))
        routeNames.add(r.label === defaultLabel ? "" : r.label.split("/")[0]!);
  }
  return routeNames.size === 1 ? [...routeNames][0]! : "";
}

/** v2's label of a service's own route (no HTTPRoute/GRPCRoute attached). */
const defaultLabel = "default";

function dialled(vh: VirtualHostV2, hosts: ReadonlySet<string>): boolean {
  return vh.hostnames.some((h) => hosts.has(h)) || vh.addresses.some((a) => hosts.has(a));
}

/** `inventory:50051` → `inventory`; `[fd00::1]:80` → `fd00::1`; a bare name or IP as is. */
export function hostOf(listener: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(listener);
  if (bracketed) return bracketed[1]!;
  const m = /^([^:]+):\d+$/.exec(listener);
  return m ? m[1]! : listener;
}
