import type { Server, Socket } from "node:net";
import { H1Downstream, H2Downstream } from "../../proxy/downstream.ts";
import { Frontends } from "../../proxy/frontends.ts";
import { handToHttp1, handToStreamReader, sniff } from "../../proxy/sniff.ts";
import type { Runtime } from "../runtime.ts";
import { handleOutboundRequest } from "./handle-request.ts";
import { capturedDestination, capturedRoute, forwardCaptured } from "./original-destination.ts";
import { handleOutboundConnect, handleOutboundUpgrade } from "./tunnels.ts";

/**
 * The outbound listener: plaintext from the local app. A connection starting with the
 * HTTP/2 preface is h2c (gRPC included); anything else is HTTP/1.1 — requests,
 * Upgrade, and CONNECT for opaque TCP. A connection redirected here by the pod's
 * iptables rules (transparent capture, `--capture iptables`) is first looked up by its
 * original destination (original-destination.ts): opaque ports and egress are piped, HTTP
 * goes on as above.
 */
export function attachOutbound(server: Server, rt: Runtime): Frontends {
  const frontends = new Frontends(
    {
      h1Request: (req, res) => handleOutboundRequest(rt, new H1Downstream(req, res)),
      h2Stream: (stream, headers, flags) =>
        handleOutboundRequest(rt, new H2Downstream(stream, headers, flags)),
      upgrade: (req, socket, head) => handleOutboundUpgrade(rt, req, socket, head),
      connect: (req, socket, head) => handleOutboundConnect(rt, req, socket, head),
    },
    rt.config.handshakeTimeoutMs,
  );
  const serveHttp = (socket: Socket) =>
    sniff(socket, (kind, head) => {
      if (kind === "h2") handToStreamReader(frontends.h2, socket, head);
      else handToHttp1(frontends.h1, socket, head);
    });
  // Without iptables in front (`--capture none`), no connection was redirected: skip the
  // socket-option read (and the FFI it loads) on every connection.
  const captured = rt.config.capture === "iptables";
  server.on("connection", (socket) => {
    socket.setNoDelay(true);
    frontends.track(socket);
    rt.tcp.track(socket, "outbound", "src");
    socket.on("error", () => socket.destroy());
    if (!captured) {
      serveHttp(socket);
      return;
    }
    void capturedDestination(socket).then((original) => {
      if (original && capturedRoute(rt, original) === "tcp") forwardCaptured(rt, socket, original);
      else serveHttp(socket);
    });
  });
  return frontends;
}
