import { clientIdentityHeader, endToEndHeaders, proxyOnlyInbound } from "../../http/hop-by-hop.ts";
import type { RateLimit } from "../../policy/inbound-types.ts";
import { StreamBody } from "../../proxy/body.ts";
import type { Downstream } from "../../proxy/downstream.ts";
import { Exchange } from "../../proxy/exchange.ts";
import { sendH1 } from "../../proxy/forward-h1.ts";
import { sendH2 } from "../../proxy/forward-h2.ts";
import type { Table } from "../../routing/types.ts";
import type { Runtime } from "../runtime.ts";
import { authorizationApplies, authorizeInbound, type Verdict } from "./authorize.ts";
import { type InboundRoute, inboundRoute } from "./route-of.ts";

/**
 * The inbound request path: authorization (DENY, ALLOW, JWT, mesh default), then rate
 * limits, then the app. Whatever `x-trellis-client-identity` arrived is dropped and
 * the verified client SPIFFE id (from the mTLS handshake) is set instead — the app can
 * trust the header because only this proxy can have written it.
 */
export function handleInboundRequest(rt: Runtime, ds: Downstream, clientId: string | undefined): void {
  const table = rt.table();
  const route = table ? inboundRoute(ds, clientId !== undefined, table) : undefined;
  const edge = rt.edges.get(
    "inbound",
    clientId ?? "",
    rt.config.service,
    rt.config.namespace,
    route?.label ?? "",
  );
  const ex = new Exchange(ds, "inbound", edge, clientId ?? "", rt.observer);
  if (!table || !authorizationApplies(table)) {
    limitThenForward(rt, ex, table, clientId, route);
    return;
  }
  const q = ds.path.indexOf("?");
  const verdict = authorizeInbound(
    table,
    {
      clientId,
      http: {
        method: ds.method,
        path: q < 0 ? ds.path : ds.path.slice(0, q),
        route: route?.label,
      },
    },
    ds.headers,
    rt.config.service,
  );
  if (verdict instanceof Promise) {
    verdict.then(
      (v) => decided(rt, ex, table, clientId, route, v),
      (err: Error) =>
        decided(rt, ex, table, clientId, route, {
          ok: false,
          kind: "unauthenticated",
          reason: "jwt",
          detail: err.message,
        }),
    );
  } else decided(rt, ex, table, clientId, route, verdict);
}

function decided(
  rt: Runtime,
  ex: Exchange,
  table: Table,
  clientId: string | undefined,
  route: InboundRoute | undefined,
  v: Verdict,
): void {
  if (ex.finished) return;
  if (!v.ok) {
    rt.log.debug("inbound: refused", { client: clientId ?? "(unauthenticated)", reason: v.detail });
    ex.deny(v.kind, v.reason, v.detail, v.headers);
    return;
  }
  limitThenForward(rt, ex, table, clientId, route);
}

function limitThenForward(
  rt: Runtime,
  ex: Exchange,
  table: Table | undefined,
  clientId: string | undefined,
  route: InboundRoute | undefined,
): void {
  const limits = table?.inbound.rateLimits;
  if (limits && limits.length > 0) {
    const applying = limits.filter((l) => l.route === undefined || l.route === route?.label);
    if (!takeTokens(rt, ex, applying, clientId)) return;
  }
  forward(rt, ex, clientId);
}

/** Takes a token from each limit; answers 429 with Retry-After at the first refusal. */
function takeTokens(
  rt: Runtime,
  ex: Exchange,
  limits: readonly { limit: RateLimit }[],
  clientId: string | undefined,
): boolean {
  const now = performance.now();
  for (const { limit: rl } of limits) {
    const r = rt.policyState.take(rl, clientId ?? "", now);
    if (!r.ok) {
      const seconds = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
      ex.deny("rate-limited", "rate_limit", `rate limit ${rl.name} exceeded`, {
        "retry-after": String(seconds),
      });
      return false;
    }
  }
  return true;
}

function forward(rt: Runtime, ex: Exchange, clientId: string | undefined): void {
  const ds = ex.ds;
  const pools = rt.appPools!;
  const headers = endToEndHeaders(ds.headers, proxyOnlyInbound);
  if (clientId) headers[clientIdentityHeader] = clientId;
  headers.host = ds.authority;
  const up = { method: ds.method, path: ds.path, authority: ds.authority, headers };
  const body = ds.hasBody ? new StreamBody(ds.body) : undefined;
  ex.cancelUpstream = useH2(rt, ds)
    ? sendH2(ex, pools.session(), up, body, ex)
    : sendH1(ex, { pool: pools.h1, host: pools.app.host, port: pools.app.port }, up, body, ex);
}

// h2 to the app when it speaks h2 (http2/grpc) or when the request is gRPC, which
// cannot be expressed in HTTP/1.1; everything else goes to the app as HTTP/1.1.
function useH2(rt: Runtime, ds: Downstream): boolean {
  const p = rt.appProtocol();
  return p === "grpc" || p === "http2" || ds.isGrpc;
}
