import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { proxyErrorHeader } from "../../http/hop-by-hop.ts";
import { alpn } from "../../proxy/mesh-pools.ts";
import { resolveHost } from "../../routing/resolve.ts";
import type { Runtime } from "../runtime.ts";
import { splitAuthority } from "./authority.ts";

/**
 * Connection-level forwarding on the outbound side: HTTP/1.1 Upgrade (WebSocket) and
 * CONNECT (opaque TCP). Both end as two sockets piped together; the mesh hop is mTLS,
 * with ALPN `trellis-tcp` telling the inbound proxy to pipe to the app untouched.
 */
export function handleOutboundUpgrade(rt: Runtime, req: IncomingMessage, client: Duplex, head: Buffer): void {
  const authority = req.headers.host ?? "";
  const upstream = dial(rt, authority, alpn.h1);
  if (typeof upstream === "string") {
    refuse(client, upstream);
    return;
  }
  upstream.socket.once(upstream.event, () => {
    upstream.socket.write(requestHead(req));
    if (head.length) upstream.socket.write(head);
    splice(client, upstream.socket);
  });
  upstream.socket.once("error", (err) => refuse(client, `upstream-connect: ${err.message}`));
}

/** CONNECT host:port — opaque TCP to a mesh service port (or out, when egress allows). */
export function handleOutboundConnect(rt: Runtime, req: IncomingMessage, client: Duplex, head: Buffer): void {
  const upstream = dial(rt, req.url ?? "", alpn.tcp);
  if (typeof upstream === "string") {
    refuse(client, upstream);
    return;
  }
  upstream.socket.once(upstream.event, () => {
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head.length) upstream.socket.write(head);
    splice(client, upstream.socket);
  });
  upstream.socket.once("error", (err) => refuse(client, `upstream-connect: ${err.message}`));
}

type Dialled = { socket: Socket; event: "connect" | "secureConnect" };

function dial(rt: Runtime, authority: string, protocol: typeof alpn.h1 | typeof alpn.tcp): Dialled | string {
  const table = rt.table();
  if (!table) return "no-endpoints: the proxy has no configuration yet";
  const host = resolveHost(table, authority);
  const { hostname, port } = splitAuthority(authority);
  if (!host) {
    if (table.settings.egressMode !== "allow" || !hostname)
      return `egress-denied: ${authority} is not a mesh service`;
    return { socket: rt.egressPools.connect(hostname, port ?? 80), event: "connect" };
  }
  // A byte stream has no request to route: it goes to the service's own cluster.
  const balancer = rt.balancers.get(host.vhost.key);
  const endpoint = balancer?.pick();
  if (!endpoint) return `no-endpoints: service ${host.vhost.key} has no ready endpoints`;
  if (!rt.meshTls.ready) return "identity-unavailable: no workload certificate yet";
  rt.edges.get("outbound", "", host.vhost.name, host.vhost.namespace, "").connection();
  return { socket: rt.meshPools.connect(endpoint.endpoint, protocol), event: "secureConnect" };
}

function refuse(client: Duplex, reason: string): void {
  const kind = reason.slice(0, reason.indexOf(":"));
  const status =
    kind === "egress-denied"
      ? "403 Forbidden"
      : kind === "upstream-connect"
        ? "502 Bad Gateway"
        : "503 Service Unavailable";
  if (client.writable) {
    client.end(
      `HTTP/1.1 ${status}\r\n${proxyErrorHeader}: ${kind}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
    );
  }
  client.destroy();
}

/** The request head as it arrived, Connection/Upgrade kept: the peer completes the upgrade. */
export function requestHead(req: IncomingMessage, extra?: [string, string]): string {
  let head = `${req.method} ${req.url} HTTP/1.1\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (extra && raw[i]!.toLowerCase() === extra[0]) continue;
    head += `${raw[i]}: ${raw[i + 1]}\r\n`;
  }
  if (extra) head += `${extra[0]}: ${extra[1]}\r\n`;
  return `${head}\r\n`;
}

const closeGraceMs = 2_000;

/**
 * Pipes two sockets together. An end travels through the pipe (half-close); when one
 * side is gone entirely the other is ended gracefully, so bytes already written still
 * arrive, and destroyed after a short grace so a peer that never closes its half
 * cannot pin the connection; an error tears both down.
 */
export function splice(a: Duplex, b: Duplex): void {
  a.pipe(b);
  b.pipe(a);
  const destroy = () => {
    a.destroy();
    b.destroy();
  };
  const closeLater = (other: Duplex) => () => {
    if (other.destroyed) return;
    other.end();
    setTimeout(() => other.destroy(), closeGraceMs).unref();
  };
  a.on("error", destroy);
  b.on("error", destroy);
  a.on("close", closeLater(b));
  b.on("close", closeLater(a));
}
