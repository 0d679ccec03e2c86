import * as grpc from "@grpc/grpc-js";
import { unauthenticated } from "@trellis/core/errors";
import type { TunnelCluster } from "@trellis/core/tunnel-auth";
import { authenticateCredential, exchangeJoinToken } from "@trellis/core/tunnel-auth";
import { type TunnelProtoGrpcType, tunnelMetadata, tunnelPackageDefinition } from "@trellis/protocol/tunnel";
import type { Context } from "../context.ts";
import { tunnelServerCredentials, tunnelUrl } from "./credentials.ts";
import { type GuardedListener, listenGuarded } from "./guarded-listener.ts";
import { type HubOptions, TunnelHub } from "./hub.ts";
import { type TunnelCall, TunnelSession } from "./session.ts";
import { grpcStatusOf } from "./status.ts";
import type { HeldStreams } from "./streams.ts";

/** Snapshots can be large; the connector allows the same. */
const maxMessageBytes = 64 * 1024 * 1024;

export interface TunnelServer {
  hub: TunnelHub;
  /** Binds TUNNEL_HOST:TUNNEL_PORT (0 = a free port), behind the handshake guard. */
  listen(): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

/** The gRPC server of `trellis.tunnel.v1.Tunnel` (DESIGN §3). */
export function createTunnelServer(
  ctx: Context,
  streams: HeldStreams,
  options: HubOptions = {},
): TunnelServer {
  const hub = new TunnelHub(ctx, streams, options);
  const server = new grpc.Server({
    "grpc.max_receive_message_length": maxMessageBytes,
    "grpc.max_send_message_length": maxMessageBytes,
    "grpc.keepalive_time_ms": 20_000,
    "grpc.keepalive_timeout_ms": 10_000,
  });
  const proto = grpc.loadPackageDefinition(tunnelPackageDefinition()) as unknown as TunnelProtoGrpcType;
  let listener: GuardedListener | null = null;
  server.addService(proto.trellis.tunnel.v1.Tunnel.service, {
    Connect: (call: TunnelCall) => {
      listener?.established(call.getPeer());
      void connect(ctx, hub, call);
    },
  });
  return {
    hub,
    async listen() {
      await hub.prepare();
      listener = await listenGuarded(server, tunnelServerCredentials(ctx.config), {
        host: ctx.config.TUNNEL_HOST,
        port: ctx.config.TUNNEL_PORT,
        deadlineMs: ctx.config.LISTENER_HANDSHAKE_TIMEOUT_MS,
      });
      hub.start();
      return { port: listener.port, url: tunnelUrl(ctx.config, listener.port) };
    },
    async close() {
      await hub.stop();
      if (!listener) return;
      await listener.close();
      // Give the goodbyes a moment to flush, then cut whatever is left.
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}

async function connect(ctx: Context, hub: TunnelHub, call: TunnelCall): Promise<void> {
  let auth: { cluster: TunnelCluster; credential: string | null };
  try {
    auth = await authenticate(ctx, call.metadata);
  } catch (err) {
    const status = grpcStatusOf(err);
    if (status.code === grpc.status.INTERNAL) ctx.logger.error("tunnel authentication failed", { err });
    call.emit("error", { ...status, metadata: new grpc.Metadata() });
    return;
  }
  if (call.cancelled) return;
  const session = new TunnelSession(ctx, call, auth.cluster, auth.credential, hub.handlers);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    session.closed = true;
    void hub.detach(session).catch((err: unknown) => session.log.error("detach failed", { err }));
  };
  call.on("cancelled", end);
  call.on("finish", end);
  call.on("close", end);
  call.on("end", () => {
    // The connector half-closed: finish our side too.
    if (!session.closed) {
      session.closed = true;
      call.end();
    }
  });
  hub.attach(session);
  session.start();
}

function authenticate(
  ctx: Context,
  metadata: grpc.Metadata,
): Promise<{ cluster: TunnelCluster; credential: string | null }> {
  const joinToken = metadata.get(tunnelMetadata.joinToken)[0];
  if (typeof joinToken === "string" && joinToken.length > 0) return exchangeJoinToken(ctx, joinToken);
  const header = metadata.get(tunnelMetadata.authorization)[0];
  const match = typeof header === "string" ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match)
    return Promise.reject(
      unauthenticated(
        `send a join token (${tunnelMetadata.joinToken}) or a cluster credential (authorization: Bearer …)`,
      ),
    );
  return authenticateCredential(ctx, match[1]!).then((cluster) => ({ cluster, credential: null }));
}
