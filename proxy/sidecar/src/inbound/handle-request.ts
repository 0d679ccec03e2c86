import { clientIdentityHeader, endToEndHeaders } from "../http/hop-by-hop.ts";
import type { Downstream } from "../proxy/downstream.ts";
import { Exchange } from "../proxy/exchange.ts";
import { forwardH1 } from "../proxy/forward-h1.ts";
import { forwardH2 } from "../proxy/forward-h2.ts";
import type { Runtime } from "../runtime.ts";

/**
 * The inbound request path: whatever `x-trellis-client-identity` arrived is dropped,
 * and the verified client SPIFFE id (from the mTLS handshake) is set instead — the
 * app can trust the header because only this proxy can have written it.
 */
export function handleInboundRequest(rt: Runtime, ds: Downstream, clientId: string | undefined): void {
  const pools = rt.appPools!;
  const edge = rt.edges.get("inbound", clientId ?? "", rt.config.service, rt.config.namespace, "");
  const ex = new Exchange(ds, "inbound", edge, clientId ?? "", rt.observer);
  const headers = endToEndHeaders(ds.headers, clientIdentityHeader);
  if (clientId) headers[clientIdentityHeader] = clientId;
  if (useH2(rt, ds)) forwardH2(ex, pools.session(), headers);
  else forwardH1(ex, { agent: pools.agent, host: pools.app.host, port: pools.app.port }, headers);
}

// h2 to the app when it speaks h2 (http2/grpc) or when the request is gRPC, which
// cannot be expressed in HTTP/1.1; everything else goes to the app as HTTP/1.1.
function useH2(rt: Runtime, ds: Downstream): boolean {
  const p = rt.appProtocol();
  return p === "grpc" || p === "http2" || ds.isGrpc;
}
