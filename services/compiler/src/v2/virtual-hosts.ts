import type { RetryV2, VirtualHostV2 } from "@trellis/protocol/snapshot/v2";
import type { MergedService } from "../services.ts";
import type { TargetIndex } from "./attachment.ts";
import type { AttachedFault } from "./faults.ts";
import { byPrecedence } from "./precedence.ts";
import { serviceKey } from "./resources.ts";
import type { RouteEntry } from "./route-entries.ts";
import { type ActionContext, defaultRoutes, routesOfEntry } from "./rule-actions.ts";

/**
 * The outbound view of one service: its names, its ports and its routes in precedence
 * order. A service no route attaches to gets the `default` route to itself; when every
 * attached route names a port (parentRef `port`), the ports none of them names keep the
 * default too (GAMMA: a route governs only the port it attaches to).
 */
export function virtualHostOf(
  s: MergedService,
  entries: readonly RouteEntry[],
  policies: { retries: TargetIndex<RetryV2>; faults: TargetIndex<AttachedFault> },
  services: ReadonlyMap<string, MergedService>,
  sharedNames: ReadonlySet<string>,
): VirtualHostV2 {
  const key = serviceKey(s.namespace, s.name);
  const ctx: ActionContext = {
    services,
    ...policies,
    parentKey: key,
    opaque: s.ports.every((p) => p.protocol === "tcp"),
    sharedNames,
  };
  const routes = [...entries].sort(byPrecedence).flatMap((e) => routesOfEntry(e, ctx));
  if (entries.length === 0) routes.push(...defaultRoutes(s, undefined, ctx));
  else if (entries.every((e) => e.port !== undefined)) {
    const covered = new Set(entries.map((e) => e.port));
    for (const p of s.ports) if (!covered.has(p.port)) routes.push(...defaultRoutes(s, p.port, ctx));
  }
  return {
    name: key,
    service: { name: s.name, namespace: s.namespace },
    hostnames: s.hostnames,
    // Discovery reports no virtual IPs yet; transparent capture resolves by hostname.
    addresses: [],
    ports: s.ports,
    routes,
  };
}
