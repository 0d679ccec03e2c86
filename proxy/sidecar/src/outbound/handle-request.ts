import { endToEndHeaders } from "../http/hop-by-hop.ts";
import type { Downstream } from "../proxy/downstream.ts";
import { respondError } from "../proxy/errors.ts";
import { Exchange } from "../proxy/exchange.ts";
import { forwardH1 } from "../proxy/forward-h1.ts";
import { forwardH2 } from "../proxy/forward-h2.ts";
import { resolveHost, resolveRoute } from "../routing/resolve.ts";
import type { CompiledRule, CompiledService, MatchInput } from "../routing/types.ts";
import { pickWeighted } from "../routing/weighted.ts";
import type { Runtime } from "../runtime.ts";
import { splitAuthority } from "./authority.ts";

/**
 * The outbound request path: authority → mesh service → route rule → weighted
 * backend → endpoint (P2C) → policy stages → mTLS dispatch in the request's own
 * protocol (h2 stays h2 so gRPC and multiplexing survive; HTTP/1.1 stays HTTP/1.1 so
 * Upgrade and exact framing survive).
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
  const decision = resolveRoute(parent, matchInput(ds, hostname, port ?? host.port), ds.isGrpc);
  let rule: CompiledRule | undefined;
  let backend: CompiledService | undefined = parent;
  if (decision.kind === "no-match") {
    failEarly(rt, ds, parent, "", "no-route", `no route of ${parent.key} matches ${ds.method} ${ds.path}`);
    return;
  }
  if (decision.kind === "rule") {
    rule = decision.rule;
    const picked = pickWeighted(rule.backends);
    backend = picked?.service;
    if (!backend) {
      const why = picked ? `backend ${picked.ref} is not a known service` : "the rule has no backends";
      failEarly(rt, ds, parent, rule.label, "no-backend", why);
      return;
    }
  }
  const edge = rt.edges.get("outbound", "", backend.name, backend.namespace, rule?.label ?? "");
  const ex = new Exchange(ds, "outbound", edge, "", rt.observer);
  const balancer = rt.balancers.get(backend.key);
  const endpoint = balancer?.pick();
  if (!balancer || !endpoint) {
    ex.fail("no-endpoints", `service ${backend.key} has no ready endpoints`);
    return;
  }
  if (!rt.meshTls.ready) {
    ex.fail("identity-unavailable", "the proxy has no workload certificate yet");
    return;
  }
  ex.useEndpoint(endpoint, balancer);
  if (rule) ex.deadline(rule.requestTimeoutMs);
  const stages = rt.outboundStages;
  for (let i = 0; i < stages.length; i++) {
    if (stages[i]!(ex, { parent, backend, rule, endpoint }) === "handled") return;
  }
  const headers = endToEndHeaders(ds.headers);
  const ep = endpoint.endpoint;
  if (ds.protocol === "h2") forwardH2(ex, rt.meshPools.session(ep), headers);
  else forwardH1(ex, { agent: rt.meshPools.agent(ep), host: ep.address, port: ep.port }, headers);
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
  const p = port ?? 80;
  if (ds.protocol === "h2") forwardH2(ex, rt.egressPools.session(hostname, p), headers);
  else forwardH1(ex, { agent: rt.egressPools.agent, host: hostname, port: p }, headers);
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
