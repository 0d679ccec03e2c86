import type {
  Command,
  ConnectorToProxy,
  EndpointStates,
  ProxyMessage__Input,
} from "@trellis/protocol/tunnel";
import type { Logger } from "@trellis/proxy-core/logger";
import type { HostPort } from "../config/flags.ts";
import { acceptedSchemas } from "../config/read-snapshot.ts";
import type { ConfigWatcher } from "../config/watcher.ts";
import type { IdentityManager } from "../identity/identity-manager.ts";
import type { Reporter } from "../report/reporter.ts";
import type { TapSessions } from "../report/tap.ts";
import { proxyVersion } from "../version.ts";
import { ControlClient } from "./control-client.ts";

/** Who the proxy is, as its hello and status say. */
export type Self = {
  proxyId: string;
  service: string;
  namespace: string;
  serviceAccount: string;
  workload: string;
  startedAtMs: number;
};

/** The parts of the proxy that the connector talks to. */
export type SessionParts = {
  self: Self;
  watcher: Pick<ConfigWatcher, "receive" | "version">;
  identity: Pick<IdentityManager, "spiffeId" | "onSignResponse" | "resendPending" | "request">;
  tap: Pick<TapSessions, "start" | "stop">;
  reporter: Pick<Reporter, "sendStatus">;
  /** Endpoints the connector says must get no new requests (draining, gone). */
  endpointStates(msg: EndpointStates): void;
  drain(): void;
};

/**
 * The proxy's conversation with its connector over one `ProxyControl/Stream`: demuxes
 * what arrives (snapshots → ACK/NACK in arrival order, CSR answers, commands,
 * heartbeats), answers every command with a CommandResult carrying its id, and offers
 * `send` to the rest of the proxy. Reconnecting is the transport's job.
 */
export class ControlSession {
  private readonly client: ControlClient;
  /** Snapshots are applied one at a time, in the order they came. */
  private configChain: Promise<void> = Promise.resolve();

  constructor(
    connector: HostPort,
    private readonly parts: SessionParts,
    log: Logger,
  ) {
    const { self, watcher, identity, reporter } = parts;
    this.client = new ControlClient(
      connector,
      {
        hello: () => ({
          ...self,
          identity: identity.spiffeId ?? "",
          proxyVersion,
          appliedVersion: watcher.version,
          acceptedSchemas: [...acceptedSchemas],
        }),
        message: (msg) => this.receive(msg),
        connected: () => {
          identity.resendPending();
          reporter.sendStatus();
        },
      },
      log,
    );
  }

  start(): void {
    this.client.start();
  }

  stop(): void {
    this.client.stop();
  }

  /** Sends one message; false when no stream is open. */
  send(msg: ProxyMessage__Input): boolean {
    return this.client.send(msg);
  }

  private receive(msg: ConnectorToProxy): void {
    const { watcher, identity } = this.parts;
    if (msg.config) {
      const c = msg.config;
      const payload = Buffer.from(c.payload).toString("utf8");
      const input = { version: Number(c.version), nonce: c.nonce, payload, schema: c.schema };
      this.configChain = this.configChain.then(async () => {
        this.send(await watcher.receive(input));
      });
    } else if (msg.signResponse) void identity.onSignResponse(msg.signResponse);
    else if (msg.command) void this.command(msg.command);
    else if (msg.endpoints) this.parts.endpointStates(msg.endpoints);
    else if (msg.heartbeat)
      this.send({ heartbeat: { seq: msg.heartbeat.seq, sentAt: msg.heartbeat.sentAt } });
  }

  private async command(cmd: Command): Promise<void> {
    const { tap, identity } = this.parts;
    const result = (ok: boolean, error = "") =>
      this.send({ commandResult: { commandId: cmd.commandId, ok, error } });
    switch (cmd.command) {
      case "startTap":
        tap.start(cmd.startTap!);
        return void result(true);
      case "stopTap":
        return void result(tap.stop(cmd.stopTap!.tapId), "no such tap");
      case "rotateCertificates":
        await identity.request();
        return void result(true);
      case "drainProxy":
        result(true);
        this.parts.drain();
        return;
      default:
        result(false, `unknown command ${cmd.command}`);
    }
  }
}
