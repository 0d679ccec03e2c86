import "reflect-metadata";
import { webcrypto, X509Certificate } from "node:crypto";
import type { KubeConfig } from "@kubernetes/client-node";
import * as x509 from "@peculiar/x509";
import { installNames } from "@trellis/protocol/install";
import type { ConnectorMessage__Input, SignResponse } from "@trellis/protocol/tunnel";
import { errorText, type Logger } from "@trellis/proxy-core/logger";
import type { StateDir, WebhookTls } from "../state/state-dir.ts";
import { ensureCaBundle } from "./webhook-ca-bundle.ts";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ecdsa = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
export const webhookRequestPrefix = "webhook-";

/**
 * `--webhook-tls mesh-ca`: the injector's serving certificate comes from the mesh CA over
 * the tunnel (WebhookCertificateRequest; the key is made here and never leaves), is kept
 * in the state dir (so a restart serves at once, control plane or not), renewed at half
 * its lifetime, and the MutatingWebhookConfiguration's caBundle is kept equal to the
 * mesh's trust bundle — checked every `reconcileMs`, so a `helm upgrade` that resets it
 * is repaired. The API server thus trusts exactly the CA that signed the certificate.
 */
export class WebhookMeshCert {
  private held: WebhookTls | null = null;
  private pending: { id: string; keyPem: string; sentAtMs: number } | null = null;
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  lastError: string | null = null;
  caBundlePatches = 0;

  constructor(
    private readonly opts: { namespace: string; reconcileMs: number; kubeConfig: KubeConfig },
    private readonly state: StateDir,
    private readonly upstream: { send(msg: ConnectorMessage__Input): boolean },
    private readonly onCertificate: (tls: WebhookTls) => void,
    private readonly log: Logger,
  ) {}

  /** The stored certificate, if any (served before the tunnel is up). */
  async load(): Promise<WebhookTls | null> {
    this.held = await this.state.loadWebhookTls();
    return this.held;
  }

  start(): void {
    this.timer = setInterval(() => void this.reconcile(), this.opts.reconcileMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  status() {
    return {
      notAfter: this.held ? new Date(this.held.notAfterMs).toISOString() : null,
      pending: this.pending !== null,
      caBundlePatches: this.caBundlePatches,
      lastError: this.lastError,
    };
  }

  /** Called on every Welcome and by the timer: renew when due, then check the caBundle. */
  async reconcile(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      // An answer lost with a stream that never reported down is given up after a reconcile period.
      if (this.pending && Date.now() - this.pending.sentAtMs > this.opts.reconcileMs) this.pending = null;
      if (!this.pending && this.due()) await this.request();
      if (this.held) {
        const patched = await ensureCaBundle(
          this.opts.kubeConfig,
          installNames.webhookConfiguration,
          this.held.trustBundlePem,
        );
        if (patched) {
          this.caBundlePatches++;
          this.log.info("webhook caBundle set to the mesh trust bundle", {
            configuration: installNames.webhookConfiguration,
          });
        }
      }
      this.lastError = null;
    } catch (err) {
      this.lastError = errorText(err);
      this.log.warn("webhook certificate reconcile failed; retrying", { error: this.lastError });
    } finally {
      this.busy = false;
    }
  }

  /** True for answers to our requests (the caller routes the rest to the proxies). */
  onSignResponse(resp: SignResponse): boolean {
    if (!resp.requestId.startsWith(webhookRequestPrefix)) return false;
    if (resp.requestId !== this.pending?.id) return true; // a late answer to an older request
    const { keyPem } = this.pending;
    this.pending = null;
    if (!resp.certificate) {
      this.lastError = `the mesh CA refused the webhook certificate: ${resp.error?.message ?? "no reason"}`;
      this.log.error(this.lastError, { code: resp.error?.code });
      return true;
    }
    const chain = resp.certificate.certChainPem;
    const leaf = new X509Certificate(chain[0]!);
    const tls: WebhookTls = {
      certChainPem: chain,
      keyPem,
      trustBundlePem: resp.certificate.trustBundlePem,
      notBeforeMs: Date.parse(leaf.validFrom),
      notAfterMs: Date.parse(leaf.validTo),
    };
    this.held = tls;
    this.onCertificate(tls);
    this.log.info("webhook certificate issued by the mesh CA", {
      notAfter: leaf.validTo,
      dnsName: leaf.subjectAltName,
    });
    void this.state
      .saveWebhookTls(tls)
      .catch((err: unknown) =>
        this.log.warn("could not store the webhook certificate", { error: errorText(err) }),
      )
      .then(() => this.reconcile());
    return true;
  }

  /** The tunnel dropped: an answer to the outstanding request will not come. */
  onTunnelDown(): void {
    this.pending = null;
  }

  private due(): boolean {
    if (!this.held) return true;
    const half = this.held.notBeforeMs + (this.held.notAfterMs - this.held.notBeforeMs) / 2;
    return Date.now() >= half;
  }

  private async request(): Promise<void> {
    const dnsName = `${installNames.injectorService}.${this.opts.namespace}.svc`;
    const { keyPem, csrPem } = await servingKeyAndCsr(dnsName);
    const id = `${webhookRequestPrefix}${++this.seq}`;
    const sent = this.upstream.send({
      webhookCertificateRequest: {
        requestId: id,
        csrPem,
        service: installNames.injectorService,
        namespace: this.opts.namespace,
      },
    });
    if (sent) this.pending = { id, keyPem, sentAtMs: Date.now() };
  }
}

/** A fresh P-256 key and a CSR naming the webhook Service's DNS name. */
async function servingKeyAndCsr(dnsName: string): Promise<{ keyPem: string; csrPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ecdsa, true, [
    "sign",
    "verify",
  ])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    keys,
    name: `CN=${dnsName}`,
    signingAlgorithm: ecdsa,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: "dns", value: dnsName }])],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  const b64 = pkcs8.toString("base64").replace(/(.{64})/g, "$1\n");
  return {
    keyPem: `-----BEGIN PRIVATE KEY-----\n${b64.trimEnd()}\n-----END PRIVATE KEY-----\n`,
    csrPem: csr.toString("pem"),
  };
}
