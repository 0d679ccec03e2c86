import type { PeerCertificate, SecureContext } from "node:tls";
import { createSecureContext } from "node:tls";
import { uriSanOf } from "./certificate.ts";

/** The key, certificate chain and roots the proxy uses for mesh mTLS. */
export type TlsMaterial = { keyPem: string; chainPem: readonly string[]; trustBundle: readonly string[] };

/**
 * Holds the current mTLS material and hands out secure contexts. A swap (renewal, new
 * trust bundle) replaces the contexts for new connections only; connections already
 * established keep theirs, so nothing in flight is dropped.
 */
export class MeshTls {
  private material: TlsMaterial | undefined;
  private clientContext: SecureContext | undefined;
  private readonly listeners = new Set<(m: TlsMaterial) => void>();
  /** Bumped on every swap; pools use it to stop reusing idle connections of an old root set. */
  generation = 0;

  get ready(): boolean {
    return this.material !== undefined;
  }

  get current(): TlsMaterial | undefined {
    return this.material;
  }

  set(material: TlsMaterial): void {
    this.material = material;
    this.clientContext = createSecureContext(this.serverOptions()!);
    this.generation++;
    for (const l of this.listeners) l(material);
  }

  /** Options for a TLS server (`tls.Server#setSecureContext` takes the same). */
  serverOptions(): { key: string; cert: string; ca: string[] } | undefined {
    const m = this.material;
    if (!m) return undefined;
    return { key: m.keyPem, cert: m.chainPem.join(""), ca: [...m.trustBundle] };
  }

  clientSecureContext(): SecureContext | undefined {
    return this.clientContext;
  }

  onChange(listener: (m: TlsMaterial) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * `checkServerIdentity` for dialling a destination proxy: the chain already verified
 * against the trust bundle (Node does that first), so what is left is that the peer is
 * the workload we meant — its URI SAN must equal the endpoint's expected SPIFFE id.
 * Hostname checks do not apply: SVIDs carry no DNS names.
 */
export function expectSpiffeId(expected: string): (host: string, cert: PeerCertificate) => Error | undefined {
  return (_host, cert) => {
    const ids = uriSanOf(cert.subjectaltname);
    if (ids.length === 1 && ids[0] === expected) return undefined;
    const err = new Error(`peer identity ${ids.join(",") || "(none)"} is not the expected ${expected}`);
    (err as Error & { code: string }).code = "ERR_TRELLIS_PEER_IDENTITY";
    return err;
  };
}

/** The verified client SPIFFE id of an mTLS socket, or undefined. */
export function peerSpiffeId(cert: PeerCertificate | undefined): string | undefined {
  if (!cert?.subjectaltname) return undefined;
  const ids = uriSanOf(cert.subjectaltname);
  return ids.length === 1 ? ids[0] : undefined;
}
