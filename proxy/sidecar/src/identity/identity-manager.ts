import { randomUUID } from "node:crypto";
import type { SignRequest__Input, SignResponse } from "@trellis/protocol/tunnel";
import { msFromDuration } from "@trellis/protocol/tunnel";
import { backoffDelayMs } from "@trellis/proxy-core/backoff";
import type { Logger } from "@trellis/proxy-core/logger";
import type { StateStore } from "../state/store.ts";
import { type CertificateInfo, describeChain, keyMatchesCertificate } from "./certificate.ts";
import type { MeshTls } from "./mesh-tls.ts";

type Pending = { requestId: string; keyPem: string; csrPem: string; identity: string };

/** Retries of a refused CSR (control plane unreachable): 1 s growing to 60 s, jittered. */
const refusedRetry = { baseMs: 1_000, capMs: 60_000 };

/**
 * The workload certificate's life cycle: make a key and CSR, send it through the
 * connector, install the answer, persist it, renew at a share of its lifetime (half,
 * by default) with a fresh key. The key only ever exists in this process and the
 * 0600 state file.
 */
export class IdentityManager {
  spiffeId: string | undefined;
  info: CertificateInfo | undefined;
  private keyPem: string | undefined;
  private chainPem: string[] = [];
  private trustBundle: string[] = [];
  private receivedAtMs = 0;
  private pending: Pending | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private refusals = 0;

  constructor(
    private readonly deps: {
      store: StateStore;
      meshTls: MeshTls;
      log: Logger;
      proxyId: string;
      renewAtFraction: number;
      send: (req: SignRequest__Input) => boolean;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /**
   * Start-up: the stored certificate first, so a restart serves with it at once and
   * asks for a new one only at its usual renewal point (never because the process
   * restarted), then every routing table names the identity and trust bundle to use.
   */
  async start(
    fixedIdentity: string | undefined,
    tables: { onTable(fn: (t: { trustBundle: readonly string[]; trustDomain: string }) => void): void },
    spiffeIdIn: (trustDomain: string) => string,
  ): Promise<void> {
    if (fixedIdentity) this.spiffeId = fixedIdentity;
    if (await this.loadStored())
      this.deps.log.info("serving stored workload certificate", { identity: this.spiffeId });
    tables.onTable((t) => {
      this.setTrustBundle(t.trustBundle);
      this.setIdentity(spiffeIdIn(t.trustDomain));
    });
  }

  /** Before any table: a fixed `--identity` can ask for its certificate already. */
  startWithoutTable(fixedIdentity: string | undefined): void {
    if (fixedIdentity && !this.info) this.setIdentity(fixedIdentity);
  }

  /** Installs the stored key + chain when they agree and are still valid. */
  async loadStored(): Promise<boolean> {
    const stored = await this.deps.store.loadIdentity();
    if (!stored || stored.chainPem.length === 0) return false;
    if (!keyMatchesCertificate(stored.keyPem, stored.chainPem[0]!)) return false;
    const info = describeChain(stored.chainPem, stored.trustBundle);
    if (info.notAfterMs <= this.now()) return false;
    if (this.spiffeId && info.spiffeId !== this.spiffeId) return false;
    this.spiffeId = info.spiffeId;
    this.install(
      stored.keyPem,
      stored.chainPem,
      stored.trustBundle,
      info,
      stored.receivedAtMs ?? info.notBeforeMs,
    );
    return true;
  }

  /** Sets the SPIFFE id to serve as; a change (or none yet) asks for a certificate. */
  setIdentity(spiffeId: string): void {
    if (this.spiffeId === spiffeId && (this.info || this.pending)) return;
    this.spiffeId = spiffeId;
    if (this.info?.spiffeId !== spiffeId) void this.request();
  }

  /** A new trust bundle from a snapshot: new handshakes verify against it at once. */
  setTrustBundle(bundle: readonly string[]): void {
    if (bundle.length === 0 || sameList(bundle, this.trustBundle)) return;
    this.trustBundle = [...bundle];
    if (this.keyPem && this.info) {
      this.install(this.keyPem, this.chainPem, this.trustBundle, this.info, this.receivedAtMs);
    }
  }

  /** Sends (or re-sends after a reconnect) the outstanding CSR. */
  resendPending(): void {
    const p = this.pending;
    if (p)
      this.deps.send({
        requestId: p.requestId,
        csrPem: p.csrPem,
        identity: p.identity,
        proxyId: this.deps.proxyId,
      });
  }

  /** Starts a renewal now (RotateCertificates command, or the renewal timer). */
  async request(): Promise<void> {
    const identity = this.spiffeId;
    if (!identity || this.pending) return;
    // Loaded on first use: the X.509 library is the heaviest part of the proxy's start,
    // and a restart with a stored certificate does not need it until renewal.
    const { makeKeyAndCsr } = await import("./csr.ts");
    const { keyPem, csrPem } = await makeKeyAndCsr(identity);
    this.pending = { requestId: randomUUID(), keyPem, csrPem, identity };
    this.resendPending();
  }

  async onSignResponse(resp: SignResponse): Promise<void> {
    const p = this.pending;
    if (!p || resp.requestId !== p.requestId) return;
    if (resp.result === "error" || !resp.certificate) {
      // The connector's retryAfter is a floor; repeated refusals (control plane down)
      // back off further, so an outage costs a few log lines, not one a second.
      const floorMs = msFromDuration(resp.error?.retryAfter) || refusedRetry.baseMs;
      const retryMs = Math.max(floorMs, backoffDelayMs(this.refusals, refusedRetry));
      this.refusals = Math.min(this.refusals + 1, 30);
      const log = this.refusals <= 3 || this.refusals % 10 === 0 ? this.deps.log.warn : this.deps.log.debug;
      log("certificate request refused", {
        code: resp.error?.code,
        message: resp.error?.message,
        retryMs,
        stillValidUntil: this.info ? new Date(this.info.notAfterMs).toISOString() : undefined,
      });
      this.pending = undefined;
      this.retryTimer = setTimeout(() => void this.request(), retryMs);
      this.retryTimer.unref();
      return;
    }
    const chain = resp.certificate.certChainPem;
    const bundle = this.trustBundle.length > 0 ? this.trustBundle : resp.certificate.trustBundlePem;
    if (!chain.length || !keyMatchesCertificate(p.keyPem, chain[0]!)) {
      this.deps.log.error("signed certificate does not match our key; asking again");
      this.pending = undefined;
      void this.request();
      return;
    }
    const info = describeChain(chain, bundle);
    this.pending = undefined;
    this.refusals = 0;
    const receivedAtMs = this.now();
    this.install(p.keyPem, chain, bundle, info, receivedAtMs);
    this.deps.log.info("workload certificate installed", {
      identity: info.spiffeId,
      notAfter: new Date(info.notAfterMs).toISOString(),
    });
    await this.deps.store
      .saveIdentity({ keyPem: p.keyPem, chainPem: [...chain], trustBundle: [...bundle], receivedAtMs })
      .catch((err: Error) => this.deps.log.warn("could not save the certificate", { error: err.message }));
  }

  stop(): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  get chain(): readonly string[] {
    return this.chainPem;
  }

  /** The public side, for the admin port's `/identity` (never the key). */
  describe(): { spiffeId: string | undefined; notAfter: string | undefined; chainPem: string } {
    return {
      spiffeId: this.spiffeId,
      notAfter: this.info ? new Date(this.info.notAfterMs).toISOString() : undefined,
      chainPem: this.chainPem.join(""),
    };
  }

  private install(
    keyPem: string,
    chain: readonly string[],
    bundle: readonly string[],
    info: CertificateInfo,
    receivedAtMs: number,
  ): void {
    this.keyPem = keyPem;
    this.receivedAtMs = receivedAtMs;
    this.chainPem = [...chain];
    this.trustBundle = [...bundle];
    this.info = { ...info, rootFingerprint: describeChain(chain, bundle).rootFingerprint };
    this.deps.meshTls.set({ keyPem, chainPem: this.chainPem, trustBundle: this.trustBundle });
    this.scheduleRenewal(info, receivedAtMs);
  }

  // Lifetime counts from when we received the certificate, not its notBefore: CAs
  // backdate notBefore for clock skew, which would otherwise pull renewal forward.
  private scheduleRenewal(info: CertificateInfo, receivedAtMs: number): void {
    if (this.renewTimer) clearTimeout(this.renewTimer);
    const from = Math.max(info.notBeforeMs, Math.min(receivedAtMs, info.notAfterMs));
    const lifetime = info.notAfterMs - from;
    const at = from + lifetime * this.deps.renewAtFraction;
    // A little jitter so a fleet issued at once does not renew at once.
    const delay = Math.max(0, at - this.now()) + Math.random() * Math.min(60_000, lifetime * 0.02);
    this.renewTimer = setTimeout(() => void this.request(), Math.min(delay, 2 ** 31 - 1));
    this.renewTimer.unref();
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
