import { EventEmitter } from "node:events";
import * as grpc from "@grpc/grpc-js";
import { type ConnectorToProxy, type ProxyMessage__Input, timestampFromMs } from "@trellis/protocol/tunnel";
import { backoffDelayMs } from "@trellis/proxy-core/backoff";
import { errorText, type Logger } from "@trellis/proxy-core/logger";
import { tunnelProto } from "../tunnel/grpc-channel.ts";
import { acceptedSchemas } from "../tunnel/snapshot-check.ts";
import { certDir } from "./cert-files.ts";
import type { CertAgentConfig } from "./config.ts";
import { type ChainFacts, chainFacts, makeKeyAndCsr } from "./csr.ts";

export type CertAgentEvents = { issued: [ChainFacts]; roots: [number]; error: [string] };

/**
 * Keeps one workload certificate fresh in files (see config.ts). Talks to the connector
 * as a ProxyControl client under the workload's xDS node id, so the connector folds its
 * certificate expiry into that node's report row. While the connector is unreachable the
 * files stay as they are (a certificate lives 24 h by default) and it reconnects with
 * backoff.
 */
export class CertAgent {
  readonly events = new EventEmitter<CertAgentEvents>();
  private readonly files;
  private call: grpc.ClientDuplexStream<ProxyMessage__Input, ConnectorToProxy> | null = null;
  private client: InstanceType<
    ReturnType<typeof tunnelProto>["trellis"]["proxy"]["v1"]["ProxyControl"]
  > | null = null;
  private facts: ChainFacts | null = null;
  private roots: string[] = [];
  private appliedVersion = 0;
  private pendingKey: { requestId: string; keyPem: string } | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private attempt = 0;
  private seq = 0;
  private readonly startedAtMs = Date.now();

  constructor(
    private readonly config: CertAgentConfig,
    private readonly log: Logger,
    private readonly timing = { backoffBaseMs: 250, backoffCapMs: 10_000, statusIntervalMs: 5_000 },
  ) {
    this.files = certDir(config.dir);
  }

  async start(): Promise<void> {
    await this.files.prepare();
    this.roots = await this.files.loadRoots();
    const held = await this.files.loadIdentity(this.config.identity);
    if (held) this.adopt(held.chainPem, "disk");
    this.connect();
    this.statusTimer = setInterval(() => this.sendStatus(), this.timing.statusIntervalMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.renewTimer) clearTimeout(this.renewTimer);
    if (this.statusTimer) clearInterval(this.statusTimer);
    this.call?.cancel();
    this.client?.close();
  }

  /** Expiry and root of the current certificate, if any. */
  get current(): ChainFacts | null {
    return this.facts;
  }

  private connect(): void {
    if (this.stopped) return;
    const ProxyControl = tunnelProto().trellis.proxy.v1.ProxyControl;
    this.client = new ProxyControl(this.config.connector, grpc.credentials.createInsecure(), {
      "grpc.keepalive_time_ms": 10_000,
      "grpc.keepalive_permit_without_calls": 1,
    });
    const call = this.client.Stream();
    this.call = call;
    call.on("data", (msg: ConnectorToProxy) => this.receive(msg).catch((e) => this.fail(errorText(e))));
    call.on("error", () => {});
    call.on("status", (s: grpc.StatusObject) => this.reconnect(`${grpc.status[s.code]}: ${s.details}`));
    const c = this.config;
    this.write({
      hello: {
        proxyId: c.nodeId,
        service: c.service ?? "",
        namespace: c.namespace,
        identity: c.identity,
        workload: c.nodeId,
        proxyVersion: "cert-agent",
        appliedVersion: 0,
        acceptedSchemas: [...acceptedSchemas],
      },
    });
    this.sendStatus();
    if (!this.facts || Date.now() >= this.renewAtMs()) void this.requestCertificate();
  }

  private reconnect(reason: string): void {
    this.call = null;
    this.client?.close();
    this.pendingKey = null;
    if (this.stopped) return;
    const delayMs = backoffDelayMs(this.attempt++, {
      baseMs: this.timing.backoffBaseMs,
      capMs: this.timing.backoffCapMs,
    });
    this.log.warn("connector stream ended; reconnecting", { reason, delayMs });
    setTimeout(() => this.connect(), delayMs);
  }

  private write(msg: ProxyMessage__Input): void {
    try {
      this.call?.write(msg);
    } catch (err) {
      this.log.warn("write to the connector failed", { error: errorText(err) });
    }
  }

  private async requestCertificate(): Promise<void> {
    const { keyPem, csrPem } = await makeKeyAndCsr(this.config.identity);
    const requestId = `csr-${++this.seq}`;
    this.pendingKey = { requestId, keyPem };
    this.write({
      signRequest: { requestId, csrPem, identity: this.config.identity, proxyId: this.config.nodeId },
    });
  }

  private async receive(msg: ConnectorToProxy): Promise<void> {
    this.attempt = 0;
    if (msg.signResponse) {
      const r = msg.signResponse;
      if (r.requestId !== this.pendingKey?.requestId) return;
      const { keyPem } = this.pendingKey;
      this.pendingKey = null;
      if (r.error) return this.retrySign(`${r.error.code}: ${r.error.message}`);
      const cert = r.certificate!;
      if (cert.trustBundlePem.length > 0) await this.setRoots(cert.trustBundlePem);
      await this.files.writeIdentity(keyPem, cert.certChainPem);
      this.adopt(cert.certChainPem, "issued");
    } else if (msg.config) {
      const { version, nonce, payload } = msg.config;
      const bundle = (JSON.parse(Buffer.from(payload).toString("utf8")) as { trustBundle?: string[] })
        .trustBundle;
      if (bundle && bundle.length > 0) await this.setRoots(bundle);
      this.appliedVersion = Number(version);
      this.write({ ack: { version, nonce } });
      this.sendStatus();
    } else if (msg.command) {
      const { commandId } = msg.command;
      if (msg.command.rotateCertificates) {
        await this.requestCertificate();
        this.write({ commandResult: { commandId, ok: true } });
      } else
        this.write({
          commandResult: { commandId, ok: false, error: "not supported by trellis-connector cert-agent" },
        });
    }
  }

  private retrySign(error: string): void {
    this.fail(`signing failed: ${error}`);
    setTimeout(() => void this.requestCertificate(), 5_000).unref();
  }

  private async setRoots(bundle: string[]): Promise<void> {
    if (bundle.join("\n") === this.roots.join("\n")) return;
    this.roots = bundle;
    await this.files.writeRoots(bundle);
    this.events.emit("roots", bundle.length);
  }

  private adopt(chainPem: string[], source: "disk" | "issued"): void {
    this.facts = chainFacts(chainPem, this.roots);
    this.log.info("workload certificate in place", {
      source,
      identity: this.config.identity,
      notAfter: new Date(this.facts.notAfterMs).toISOString(),
    });
    if (this.renewTimer) clearTimeout(this.renewTimer);
    const inMs = Math.max(0, this.renewAtMs() - Date.now());
    this.renewTimer = setTimeout(() => void this.requestCertificate(), Math.min(inMs, 2 ** 31 - 1));
    this.events.emit("issued", this.facts);
    this.sendStatus();
  }

  private renewAtMs(): number {
    const f = this.facts;
    return f ? f.notBeforeMs + (f.notAfterMs - f.notBeforeMs) * this.config.renewAtFraction : 0;
  }

  private sendStatus(): void {
    const c = this.config;
    this.write({
      status: {
        proxyId: c.nodeId,
        service: c.service ?? "",
        namespace: c.namespace,
        workload: c.nodeId,
        identity: c.identity,
        proxyVersion: "cert-agent",
        appliedConfigVersion: this.appliedVersion,
        health: this.facts ? "PROXY_HEALTH_READY" : "PROXY_HEALTH_NOT_READY",
        startedAt: timestampFromMs(this.startedAtMs),
        certNotAfter: this.facts ? timestampFromMs(this.facts.notAfterMs) : null,
        certRootFingerprint: this.facts?.rootFingerprint ?? "",
        kind: c.kind === "envoy" ? "PROXY_KIND_ENVOY" : "PROXY_KIND_GRPC_PROXYLESS",
      },
    });
  }

  private fail(error: string): void {
    this.log.error("cert agent", { error });
    this.events.emit("error", error);
  }
}
