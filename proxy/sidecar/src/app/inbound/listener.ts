import type { Server, Socket } from "node:net";
import { createServer as createTlsServer, type TLSSocket, type Server as TlsServer } from "node:tls";
import { clientIdentityHeader } from "../../http/hop-by-hop.ts";
import { peerSpiffeId } from "../../identity/mesh-tls.ts";
import { H1Downstream, H2Downstream } from "../../proxy/downstream.ts";
import { connectionServed, Frontends } from "../../proxy/frontends.ts";
import { alpn } from "../../proxy/mesh-pools.ts";
import { handToHttp1, handToStreamReader, sniff } from "../../proxy/sniff.ts";
import { requestHead, splice } from "../outbound/tunnels.ts";
import type { Runtime } from "../runtime.ts";
import { authorizationApplies, authorizeInbound } from "./authorize.ts";
import { handleInboundRequest } from "./handle-request.ts";
import { passThrough } from "./pass-through.ts";

const clientIdKey = Symbol("trellis.clientId");
type Tagged = { [clientIdKey]?: string };

/**
 * The inbound listener: connections from other proxies (mTLS) and, in permissive mode,
 * plaintext from unmeshed clients. Strict mode hands every connection straight to TLS,
 * so a plaintext client fails the handshake. Permissive mode looks at the first byte:
 * 0x16 is a TLS handshake record, anything else is plaintext HTTP.
 */
export function attachInbound(server: Server, rt: Runtime): Frontends {
  const frontends = new Frontends(
    {
      h1Request: (req, res) =>
        handleInboundRequest(rt, new H1Downstream(req, res), (req.socket as Tagged)[clientIdKey]),
      h2Stream: (stream, headers, flags) =>
        handleInboundRequest(
          rt,
          new H2Downstream(stream, headers, flags),
          (stream.session?.socket as Tagged | undefined)?.[clientIdKey],
        ),
      upgrade: (req, socket, head) => {
        const id = (socket as Tagged)[clientIdKey] ?? "";
        if (!connectionAllowed(rt, id || undefined, { method: req.method ?? "GET", path: req.url ?? "/" })) {
          socket.end(
            "HTTP/1.1 403 Forbidden\r\nx-trellis-error: unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
          );
          return;
        }
        const app = rt.appPools!.connect();
        app.once("connect", () => {
          app.write(requestHead(req, [clientIdentityHeader, id]));
          if (head.length) app.write(head);
          splice(socket, app);
        });
        app.once("error", () => socket.destroy());
      },
    },
    rt.config.handshakeTimeoutMs,
  );
  const tls = createMeshTlsServer(rt, frontends);
  server.on("connection", (socket: Socket) => {
    socket.setNoDelay(true);
    frontends.track(socket);
    rt.tcp.track(socket, "inbound", "src");
    socket.on("error", () => socket.destroy());
    const permissive = rt.table()?.settings.mtlsMode === "permissive";
    if (!permissive) {
      if (!tls.ready()) socket.destroy();
      else tls.server.emit("connection", socket);
      return;
    }
    sniff(socket, (kind, head) => {
      if (kind === "tls") {
        if (!tls.ready()) socket.destroy();
        else handToStreamReader(tls.server, socket, head);
      } else if (kind === "h2") handToStreamReader(frontends.h2, socket, head);
      else handToHttp1(frontends.h1, socket, head);
    });
  });
  return frontends;
}

function createMeshTlsServer(rt: Runtime, frontends: Frontends): { server: TlsServer; ready: () => boolean } {
  const server = createTlsServer({
    requestCert: true,
    rejectUnauthorized: true,
    ALPNProtocols: [alpn.h2, alpn.h1, alpn.tcp],
    handshakeTimeout: rt.config.handshakeTimeoutMs,
  });
  let ready = false;
  const apply = () => {
    const options = rt.meshTls.serverOptions();
    if (!options) return;
    server.setSecureContext(options); // new handshakes only; live connections keep theirs
    ready = true;
  };
  apply();
  rt.meshTls.onChange(apply);
  server.on("secureConnection", (socket: TLSSocket) => {
    const id = peerSpiffeId(socket.getPeerCertificate());
    const trustDomain = rt.table()?.trustDomain;
    // The roots decide who may connect; the trust domain check keeps a federated root
    // from vouching for an identity outside ours.
    if (!id || (trustDomain && !id.startsWith(`spiffe://${trustDomain}/`))) {
      rt.log.warn("inbound: refused peer identity", { identity: id ?? "(none)" });
      socket.destroy();
      return;
    }
    (socket as Tagged)[clientIdKey] = id;
    if (passThrough(rt, socket, id, (client) => connectionAllowed(rt, client, undefined))) return;
    if (socket.alpnProtocol === alpn.h2) frontends.h2.emit("connection", socket);
    else if (socket.alpnProtocol === alpn.tcp) {
      connectionServed(socket);
      if (connectionAllowed(rt, id, undefined)) splice(socket, rt.appPools!.connect());
      else socket.destroy(); // opaque TCP has no way to say why: the connection is closed
    } else frontends.h1.emit("connection", socket);
  });
  server.on("tlsClientError", (err) => rt.log.debug("inbound: TLS handshake failed", { error: err.message }));
  return { server, ready: () => ready };
}

/**
 * Authorization for what is not a plain request: opaque TCP (no HTTP attributes, so
 * only rules without \`to\` can allow it) and Upgrade requests (path and method, no
 * route). A JWT requirement cannot be met on such connections: refused.
 */
function connectionAllowed(
  rt: Runtime,
  clientId: string | undefined,
  http: { method: string; path: string } | undefined,
): boolean {
  const table = rt.table();
  if (!table || !authorizationApplies(table)) return true;
  const q = http ? http.path.indexOf("?") : -1;
  const v = authorizeInbound(
    table,
    {
      clientId,
      http: http && {
        method: http.method,
        path: q < 0 ? http.path : http.path.slice(0, q),
        route: undefined,
      },
    },
    undefined,
    rt.config.service,
  );
  const ok = !(v instanceof Promise) && v.ok;
  if (!ok) {
    rt.edges.get("inbound", clientId ?? "", rt.config.service, rt.config.namespace, "").deny("authz");
    rt.log.debug("inbound: connection refused by authorization", { client: clientId ?? "(unauthenticated)" });
  }
  return ok;
}
