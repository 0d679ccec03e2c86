import type { Socket } from "node:net";
import { alpn } from "../../proxy/mesh-pools.ts";
import { resolveHost } from "../../routing/resolve.ts";
import type { Runtime } from "../runtime.ts";
import { dialUpstream, splice } from "./tunnels.ts";

type Original = { address: string; port: number };
type Reader = (socket: Socket) => Original | null;

let reader: Promise<Reader | null> | null = null;

/**
 * SO_ORIGINAL_DST through @trellis/proxy-capture, loaded on first use: its FFI (koffi) is
 * only needed where iptables redirects traffic, and exists only on Linux. Elsewhere, or
 * if it cannot load, every connection counts as addressed to the listener itself.
 */
function loadReader(): Promise<Reader | null> {
  reader ??=
    process.platform === "linux"
      ? import("@trellis/proxy-capture").then(
          (m) => m.originalDestination,
          () => null,
        )
      : Promise.resolve(null);
  return reader;
}

/**
 * Where a transparently redirected connection was going (the pod's iptables REDIRECT
 * rewrote it to this listener), or null for one the app addressed to the listener
 * itself (explicit proxy use: HTTP_PROXY, CONNECT). Called only with `--capture iptables`.
 */
export async function capturedDestination(socket: Socket): Promise<Original | null> {
  const read = await loadReader();
  if (!read) return null;
  let original: Original | null;
  try {
    original = read(socket);
  } catch {
    return null; // the socket is already gone
  }
  if (!original) return null;
  const self = original.address === socket.localAddress && original.port === socket.localPort;
  return self ? null : original;
}

/**
 * What to do with a captured connection, from its original ClusterIP:port. The snapshot
 * gives each service's ClusterIPs (a virtual host's `addresses`), indexed with its
 * hostnames, so `ip:port` resolves like a Host header. An HTTP port of a mesh service goes through the HTTP path (routes, policies,
 * retries; routed by the request's Host, which for an app calling the ClusterIP is that
 * IP); any other port of a mesh service is opaque TCP to one of its endpoints over mTLS;
 * a destination outside the mesh is piped straight there when egress is allowed (TLS and
 * other protocols survive untouched), else it takes the HTTP path, which answers 403.
 */
export function capturedRoute(rt: Runtime, original: Original): "http" | "tcp" {
  const table = rt.table();
  if (!table) return "http";
  const host = resolveHost(table, authorityOf(original));
  if (!host) return table.settings.egressMode === "allow" ? "tcp" : "http";
  const protocol = host.vhost.ports.get(original.port);
  return protocol === undefined || protocol === "tcp" ? "tcp" : "http";
}

/** Pipes a captured connection to its destination: a mesh endpoint over mTLS, or egress. */
export function forwardCaptured(rt: Runtime, socket: Socket, original: Original): void {
  const upstream = dialUpstream(rt, authorityOf(original), alpn.tcp);
  if (typeof upstream === "string") {
    rt.log.debug("outbound: captured connection refused", { to: authorityOf(original), reason: upstream });
    socket.destroy();
    return;
  }
  upstream.socket.once(upstream.event, () => splice(socket, upstream.socket));
  upstream.socket.once("error", () => socket.destroy());
}

const authorityOf = (o: Original) =>
  o.address.includes(":") ? `[${o.address}]:${o.port}` : `${o.address}:${o.port}`;
