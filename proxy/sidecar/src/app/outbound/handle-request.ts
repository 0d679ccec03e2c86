import { type Cors, preflightHeaders } from "../../filters/cors.ts";
import { grpcFromHttp } from "../../http/grpc-codes.ts";
import { endToEndHeaders } from "../../http/hop-by-hop.ts";
import { StreamBody } from "../../proxy/body.ts";
import type { Downstream } from "../../proxy/downstream.ts";
import { respondError } from "../../proxy/errors.ts";
import { Exchange } from "../../proxy/exchange.ts";
import { sendH1 } from "../../proxy/forward-h1.ts";
import { sendH2 } from "../../proxy/forward-h2.ts";
import { resolveHost, resolveRoute } from "../../routing/resolve.ts";
import type { MatchInput, Route, VirtualHost } from "../../routing/types.ts";
import { pickWeightedServing } from "../../routing/weighted.ts";
import { readSession } from "../../session/sticky.ts";
import type { Runtime } from "../runtime.ts";
import { splitAuthority } from "./authority.ts";
import { runOutboundPolicies } from "./layers/stack.ts";
import { redirect } from "./redirect.ts";

/**
 * The outbound request path: authority → virtual host → first matching route (a
 * redirect, a direct response or a CORS preflight answers here) → the session's backend,
 * else a weighted one that has endpoints to send to → policies (fault injection, circuit breaker, filters,
 * mirrors) → retrying dispatch over mTLS in the request's own protocol (h2 stays h2 so
 * gRPC and multiplexing survive; HTTP/1.1 stays HTTP/1.1 so Upgrade and exact framing
 * survive).
 */
export function handleOutboundRequest(rt: Runtime, ds: Downstream): void {
  const table = rt.table();
  if (!table) {
    respondError(ds, "no-endpoints", "the proxy has no configuration yet");
    return;
  }
  const host = resolveHost(table, ds.authority);
  if (!host) {
    egress(rt, ds, table.settings.egressMode === "allow");
    return;
  }
  const { vhost } = host;
  const { hostname, port } = splitAuthority(ds.authority);
  const input = matchInput(ds, hostname, port ?? host.port);
  const route = resolveRoute(vhost, input, ds.isGrpc);
  if (!route) {
    failEarly(rt, ds, vhost, "", "no-route", `no route of ${vhost.key} matches ${ds.method} ${ds.path}`);
    return;
  }
  const action = route.action;
  if (action.type === "redirect") {
    redirect(rt, ds, vhost, route, action, input);
    return;
  }
  if (action.type === "direct-response") {
    failEarly(rt, ds, vhost, route.metricLabel, "no-backend", action.reason, action.status);
    return;
  }
  if (action.cors && answerPreflight(rt, ds, vhost, route, action.cors)) return;
  const now = Date.now();
  const session = action.session ? readSession(action.session, ds.headers, now) : undefined;
  const pinned = session && action.backends.items.find((b) => b.cluster.key === session.cluster);
  const perfNow = performance.now();
  const backend =
    pinned ?? pickWeightedServing(action.backends, (b) => rt.balancers.serves(b.cluster.key, perfNow));
  if (!backend) {
    failEarly(rt, ds, vhost, route.metricLabel, "no-backend", "the route has no backends");
    return;
  }
  runOutboundPolicies(rt, ds, {
    table,
    vhost,
    route,
    forward: action,
    backend,
    input,
    session: pinned ? session : undefined,
  });
}

/** A CORS preflight from an allowed origin is answered here (GEP-1767); true if it was. */
function answerPreflight(rt: Runtime, ds: Downstream, vhost: VirtualHost, route: Route, cors: Cors): boolean {
  const headers = preflightHeaders(cors, ds.method, ds.headers);
  if (!headers) return false;
  const edge = rt.edges.get("outbound", "", vhost.name, vhost.namespace, route.metricLabel);
  const ex = new Exchange(ds, "outbound", edge, "", rt.observer);
  ex.status = 200;
  ds.respond(200, headers, true);
  ex.finish();
  return true;
}

function egress(rt: Runtime, ds: Downstream, allowed: boolean): void {
  const { hostname, port } = splitAuthority(ds.authority);
  const edge = rt.edges.get("outbound", "", hostname || "unknown", "", "");
  const ex = new Exchange(ds, "outbound", edge, "", rt.observer);
  if (!allowed || !hostname) {
    ex.fail("egress-denied", `${ds.authority || "(no host)"} is not a mesh service and egress is denied`);
    return;
  }
  const headers = endToEndHeaders(ds.headers);
  headers.host = ds.authority;
  const up = { method: ds.method, path: ds.path, authority: ds.authority, headers };
  const body = ds.hasBody ? new StreamBody(ds.body) : undefined;
  const p = port ?? 80;
  ex.cancelUpstream =
    ds.protocol === "h2"
      ? sendH2(ex, rt.egressPools.session(hostname, p), up, body, ex)
      : sendH1(ex, { agent: rt.egressPools.agent, host: hostname, port: p }, up, body, ex);
}

function failEarly(
  rt: Runtime,
  ds: Downstream,
  svc: VirtualHost,
  route: string,
  kind: "no-route" | "no-backend",
  detail: string,
  status?: number,
): void {
  const ex = new Exchange(
    ds,
    "outbound",
    rt.edges.get("outbound", "", svc.name, svc.namespace, route),
    "",
    rt.observer,
  );
  if (status === undefined) ex.fail(kind, detail);
  else ex.respondHere(status, grpcFromHttp(status), `${kind}: ${detail}`, {});
}

function matchInput(ds: Downstream, host: string, port: number | undefined): MatchInput {
  const q = ds.path.indexOf("?");
  const headers = ds.headers;
  return {
    method: ds.method,
    path: q < 0 ? ds.path : ds.path.slice(0, q),
    query: q < 0 ? "" : ds.path.slice(q + 1),
    host,
    authority: ds.authority.toLowerCase(),
    port,
    header: (name) => {
      const v = headers[name];
      return Array.isArray(v) ? v.join(",") : v;
    },
  };
}
