import { endToEndHeaders } from "../../http/hop-by-hop.ts";
import { StreamBody } from "../../proxy/body.ts";
import type { Downstream } from "../../proxy/downstream.ts";
import { respondError } from "../../proxy/errors.ts";
import { Exchange } from "../../proxy/exchange.ts";
import { sendH1 } from "../../proxy/forward-h1.ts";
import { sendH2 } from "../../proxy/forward-h2.ts";
import { resolveHost, resolveRoute } from "../../routing/resolve.ts";
import type { CompiledService, MatchInput } from "../../routing/types.ts";
import { pickWeighted } from "../../routing/weighted.ts";
import type { Runtime } from "../runtime.ts";
import { splitAuthority } from "./authority.ts";
import { runOutboundPolicies } from "./layers/stack.ts";
import { redirect } from "./redirect.ts";

/**
 * The outbound request path: authority → mesh service → route rule (a redirect answers
 * here) → weighted backend → policies (fault injection, circuit breaker, filters,
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
  const parent = host.service;
  const { hostname, port } = splitAuthority(ds.authority);
  const input = matchInput(ds, hostname, port ?? host.port);
  const decision = resolveRoute(parent, input, ds.isGrpc);
  if (decision.kind === "no-match") {
    failEarly(rt, ds, parent, "", "no-route", `no route of ${parent.key} matches ${ds.method} ${ds.path}`);
    return;
  }
  if (decision.kind === "default") {
    runOutboundPolicies(rt, ds, { table, parent, backend: parent, rule: undefined, prefix: "/", input });
    return;
  }
  const { rule, match } = decision;
  if (rule.filters.redirect) {
    redirect(rt, ds, parent, rule, match.pathPrefix, input);
    return;
  }
  const picked = pickWeighted(rule.backends);
  const backend = picked?.service;
  if (!backend) {
    const why = picked ? `backend ${picked.ref} is not a known service` : "the rule has no backends";
    failEarly(rt, ds, parent, rule.label, "no-backend", why);
    return;
  }
  runOutboundPolicies(rt, ds, { table, parent, backend, rule, prefix: match.pathPrefix, input });
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
  svc: CompiledService,
  route: string,
  kind: "no-route" | "no-backend",
  detail: string,
): void {
  const ex = new Exchange(
    ds,
    "outbound",
    rt.edges.get("outbound", "", svc.name, svc.namespace, route),
    "",
    rt.observer,
  );
  ex.fail(kind, detail);
}

function matchInput(ds: Downstream, host: string, port: number | undefined): MatchInput {
  const q = ds.path.indexOf("?");
  const headers = ds.headers;
  return {
    method: ds.method,
    path: q < 0 ? ds.path : ds.path.slice(0, q),
    query: q < 0 ? "" : ds.path.slice(q + 1),
    host,
    port,
    header: (name) => {
      const v = headers[name];
      return Array.isArray(v) ? v.join(",") : v;
    },
  };
}
