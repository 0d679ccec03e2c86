import { hostnameMatches } from "./match.ts";
import type {
  CompiledMatch,
  CompiledRule,
  CompiledService,
  HostEntry,
  MatchInput,
  RoutingTable,
} from "./types.ts";

export type RouteDecision =
  /** No route is attached: traffic goes to the service itself (GAMMA default). */
  | { kind: "default" }
  | { kind: "rule"; rule: CompiledRule; match: CompiledMatch }
  /** Routes are attached but none matches: Gateway API answers 404. */
  | { kind: "no-match" };

/** Finds the mesh service an authority (`host` or `host:port`) names, or undefined. */
export function resolveHost(table: RoutingTable, authority: string): HostEntry | undefined {
  const a = authority.toLowerCase();
  const hit = table.hosts.get(a);
  if (hit) return hit;
  const colon = a.lastIndexOf(":");
  // "host:port" where the port is not declared still reaches the service; IPv6 literals
  // ("[::1]:80") are never mesh hostnames, so a plain split is enough.
  if (colon > 0 && a.indexOf("]") < 0) return table.hosts.get(a.slice(0, colon));
  return undefined;
}

/** Picks the rule for a request to `service`, per the precedence compiled into its matches. */
export function resolveRoute(service: CompiledService, input: MatchInput, isGrpc: boolean): RouteDecision {
  const matches: readonly CompiledMatch[] =
    isGrpc && service.grpcMatches.length > 0 ? service.grpcMatches : service.httpMatches;
  if (matches.length === 0) return { kind: "default" };
  for (const m of matches) {
    if (m.parentPort !== undefined && input.port !== undefined && m.parentPort !== input.port) continue;
    if (m.hostnames && !m.hostnames.some((h) => hostnameMatches(h, input.host))) continue;
    if (m.test(input)) return { kind: "rule", rule: m.rule, match: m };
  }
  return { kind: "no-match" };
}
