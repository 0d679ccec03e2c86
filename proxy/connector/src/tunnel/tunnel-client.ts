import type { ConnectorMessage__Input, Welcome } from "@trellis/protocol/tunnel";
import { ReconnectSchedule } from "@trellis/proxy-core/backoff";
import { errorText, type Logger } from "@trellis/proxy-core/logger";
import type { Config } from "../config.ts";
import { type StateDir, sha256Hex } from "../state/state-dir.ts";
import type { TunnelAuth } from "./auth.ts";
import { type SessionHooks, TunnelSession } from "./session.ts";

export type TunnelState = "idle" | "connecting" | "connected" | "backoff" | "unauthenticated" | "stopped";

export type TunnelStatus = {
  state: TunnelState;
  authKind: TunnelAuth["kind"] | null;
  cluster: { id: string; name: string; mesh: string; trustDomain: string } | null;
  connects: number;
  lastError: string | null;
  /** Set when the control plane refused our secret; the connector will not retry it. */
  fatalError: string | null;
};

export type TunnelClientHooks = Omit<SessionHooks, "onWelcome"> & {
  /** The stream is welcomed: send the full state (discovery, report, queued metrics). */
  onConnected(): void;
  onDisconnected(): void;
  onStateChange(status: TunnelStatus): void;
};

/**
 * The connector's side of the tunnel: runs sessions back to back with capped
 * exponential backoff and full jitter, swaps a join token for the credential the
 * Welcome carries (persisted before anything else), and stops for good when the
 * control plane refuses the secret.
 */
export class TunnelClient {
  private session: TunnelSession | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private onHealthy: () => void = () => {};
  private readonly status: TunnelStatus = {
    state: "idle",
    authKind: null,
    cluster: null,
    connects: 0,
    lastError: null,
    fatalError: null,
  };

  constructor(
    private readonly config: Config,
    private auth: TunnelAuth,
    private readonly state: StateDir,
    private readonly discoveryMode: string,
    private readonly hooks: TunnelClientHooks,
    private readonly log: Logger,
  ) {
    this.status.authKind = auth.kind;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.session?.cancel("connector stopping");
    await this.loop;
    this.setState("stopped");
  }

  snapshotStatus(): TunnelStatus {
    return { ...this.status, cluster: this.status.cluster && { ...this.status.cluster } };
  }

  /** Resolves once the reconnect loop has ended: stopped, or refused for good (never retried). */
  get finished(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  /** Sends on the live stream; false when there is none (the caller queues or drops). */
  send(msg: ConnectorMessage__Input): boolean {
    return this.session?.send(msg) ?? false;
  }

  get connected(): boolean {
    return this.session?.isWelcomed ?? false;
  }

  private setState(state: TunnelState, lastError?: string): void {
    this.status.state = state;
    if (lastError !== undefined) this.status.lastError = lastError;
    this.hooks.onStateChange(this.snapshotStatus());
  }

  private async run(): Promise<void> {
    // Each delay is drawn when a stream ends, never carried through an outage: after the
    // control plane comes back a connector waits at most one ceiling (5 s by default),
    // and full jitter spreads a fleet evenly across it.
    const schedule = new ReconnectSchedule({
      baseMs: this.config.tuning.backoffBaseMs,
      capMs: this.config.tuning.backoffCapMs,
      healthyAfterMs: this.config.tuning.healthyStreamMs,
    });
    this.onHealthy = () => schedule.connected();
    const { endpoints } = this.config.controlPlane;
    // Replicas are tried in turn: each ended or failed stream moves to the next one, so a
    // connector whose replica died re-homes on its first reconnect (no health guessing).
    let next = 0;
    while (!this.stopped) {
      this.setState("connecting");
      const endpoint = endpoints[next % endpoints.length]!;
      next++;
      const session = new TunnelSession(
        this.config,
        endpoint,
        this.auth,
        this.discoveryMode,
        { ...this.hooks, onWelcome: (w) => this.onWelcome(w, endpoint.url) },
        this.log,
      );
      this.session = session;
      const end = await session.ended;
      this.session = null;
      if (end.welcomed) this.hooks.onDisconnected();
      if (this.stopped) return;
      if (end.fatal) {
        this.status.fatalError = end.fatal;
        this.log.error(`${end.fatal}; not reconnecting`, {
          hint: "create a new join token for this cluster and restart the connector with --join-token",
        });
        this.setState("unauthenticated", end.fatal);
        return;
      }
      const delayMs = schedule.nextDelayMs();
      const attempt = schedule.failures;
      this.log.warn("tunnel stream ended; reconnecting", {
        reason: end.reason,
        delayMs,
        attempt,
        controlPlane: session.endpoint.url,
      });
      this.setState("backoff", end.reason);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private async onWelcome(welcome: Welcome, controlPlane: string): Promise<void> {
    this.status.cluster = {
      id: welcome.clusterId,
      name: welcome.clusterName,
      mesh: welcome.meshName,
      trustDomain: welcome.trustDomain,
    };
    if (welcome.clusterCredential) await this.adoptCredential(welcome);
    else if (this.auth.kind === "join-token") {
      this.log.warn("welcome after a join token carried no credential; the next connect will fail");
    }
    this.onHealthy(); // the schedule resets once this stream has stayed up long enough
    this.status.connects++;
    this.log.info("tunnel connected", {
      cluster: welcome.clusterId,
      mesh: welcome.meshName,
      controlPlane,
    });
    this.setState("connected", undefined);
    this.hooks.onConnected();
  }

  private async adoptCredential(welcome: Welcome): Promise<void> {
    const joinToken = this.auth.kind === "join-token" ? this.auth.token : null;
    this.auth = { kind: "credential", credential: welcome.clusterCredential };
    this.status.authKind = "credential";
    try {
      await this.state.saveCredential({
        credential: welcome.clusterCredential,
        clusterId: welcome.clusterId,
        joinTokenSha256: joinToken ? sha256Hex(joinToken) : null,
        obtainedAt: new Date().toISOString(),
      });
      this.log.info("cluster credential received and stored", { stateDir: this.state.dir });
    } catch (err) {
      // Keep going with it in memory; a restart would need a new join token.
      this.log.error("could not persist the cluster credential", { error: errorText(err) });
    }
  }
}
