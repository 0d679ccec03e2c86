import type { TLSSocket } from "node:tls";
import { connectionServed } from "../../proxy/frontends.ts";
import { alpn } from "../../proxy/mesh-pools.ts";
import { splice } from "../outbound/tunnels.ts";
import type { Runtime } from "../runtime.ts";

/**
 * Inbound L4 pass-through (issue 19): when the snapshot says no L7 policy applies to the
 * local service (no path/method/route rules, no JWT, no rate limit), a mesh connection
 * whose identity authorization allows is piped to the app as bytes — no HTTP parsing, no
 * per-request work; TCP metrics and the client side's L7 metrics count it. Only when the
 * app speaks the connection's protocol (h2 to an http2/grpc app, HTTP/1.1 to an http app):
 * otherwise the L7 path translates. A refused identity is not piped: HTTP connections go
 * the L7 way, which answers 403 with the reason; opaque TCP is closed (as before).
 * Returns whether it took the connection.
 */
export function passThrough(
  rt: Runtime,
  socket: TLSSocket,
  clientId: string,
  allowed: (clientId: string) => boolean,
): boolean {
  const table = rt.table();
  if (rt.config.l4PassThrough === "off" || !table?.inbound.l4PassThrough) return false;
  if (!speaksAppProtocol(socket.alpnProtocol, rt.appProtocol())) return false;
  if (!allowed(clientId)) return false;
  connectionServed(socket);
  rt.edges.get("inbound", clientId, rt.config.service, rt.config.namespace, "").connection();
  splice(socket, rt.appPools!.connect());
  return true;
}

function speaksAppProtocol(negotiated: string | false | null, app: string): boolean {
  if (negotiated === alpn.h2) return app === "http2" || app === "grpc";
  if (negotiated === alpn.h1) return app === "http";
  return false;
}
