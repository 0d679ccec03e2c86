import type { HostEntry, MatchInput, Route, Table, VirtualHost } from "./types.ts";

/** Finds the virtual host an authority (`host` or `host:port`) names, or undefined. */
export function resolveHost(table: Table, authority: string): HostEntry | undefined {
  const a = authority.toLowerCase();
  const hit = table.hosts.get(a);
  if (hit) return hit;
  const colon = a.lastIndexOf(":");
  // "host:port" where the port is not declared still reaches the service; IPv6 literals
  // ("[::1]:80") are never mesh hostnames, so a plain split is enough.
  if (colon > 0 && a.indexOf("]") < 0) return table.hosts.get(a.slice(0, colon));
  return undefined;
}

/**
 * The first route of the virtual host that takes the request (the snapshot lists them in
 * Gateway API precedence): one for another service port or for gRPC only is skipped.
 * Undefined when none matches — Gateway API answers 404.
 */
export function resolveRoute(vhost: VirtualHost, input: MatchInput, isGrpc: boolean): Route | undefined {
  for (const r of vhost.routes) {
    if (r.port !== undefined && input.port !== undefined && r.port !== input.port) continue;
    if (r.grpc && !isGrpc) continue;
    if (r.test(input)) return r;
  }
  return undefined;
}
