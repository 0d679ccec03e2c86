/** The one interface every CA backend implements (DESIGN §5). */

export type CaBackendKind = "builtin" | "external" | "aws-acm-pca";

export type IssueRequest = {
  /** PKCS#10 CSR in PEM, made by the workload; its private key never leaves the workload. */
  csrPem: string;
  /** The SPIFFE id to certify, e.g. `spiffe://td/ns/shop/sa/cart`. */
  identity: string;
  /** Leaf lifetime; 1 h–7 d (X.509-SVID rules of issue 4). */
  ttlSeconds: number;
  /**
   * The caller's authorisation: may the requester (a cluster's connector) hold this identity?
   * Required so no path can forget it; the trust-domain check is done here regardless.
   */
  allowIdentity: (identity: string) => boolean;
};

/**
 * A TLS serving certificate for one DNS name (a Kubernetes admission webhook's Service):
 * serverAuth only, no SPIFFE id, so it can never pass as a workload's identity.
 */
export type ServingIssueRequest = {
  csrPem: string;
  /** The one DNS SAN, e.g. `trellis-injector.trellis-system.svc`. */
  dnsName: string;
  ttlSeconds: number;
  /** The caller's authorisation for exactly this name (required, as `allowIdentity`). */
  allowDnsName: (dnsName: string) => boolean;
};

export type IssuedCertificate = {
  /** Lowercase hex. */
  serial: string;
  certPem: string;
  /** Leaf first, then the intermediates up to (not including) the root. */
  chainPem: string[];
  notBefore: Date;
  notAfter: Date;
  /** The SPIFFE id; for a serving certificate `dns:<name>`. */
  identity: string;
  /** The roots the mesh trusts at the moment of issuance. */
  trustBundle: string[];
  /** SHA-256 (lowercase hex) of the root that anchors this leaf; proxies report it during rotation. */
  rootFingerprint: string;
};

export type IssuerInfo = {
  backend: CaBackendKind;
  /** `leaf` only for aws-acm-pca in leaf mode: ACM PCA signs every leaf. */
  mode: "local" | "leaf";
  trustDomain: string;
  /** The certificate new leaves chain to (for ACM PCA leaf mode: the ACM CA's certificate). */
  issuerCertPem: string;
  notBefore: Date;
  notAfter: Date;
  /** Roots in the bundle, each with its SHA-256 fingerprint. */
  roots: { fingerprint: string; certPem: string; notAfter: Date }[];
  /** The fingerprint of the root new leaves chain to. */
  activeRootFingerprint: string;
  rotating: boolean;
};

export interface CaBackend {
  readonly kind: CaBackendKind;
  readonly trustDomain: string;
  /** Checks the CSR and identity, then issues an X.509-SVID; throws CaError. */
  issue(request: IssueRequest): Promise<IssuedCertificate>;
  /** Checks the request, then issues a serving certificate for its one DNS name; throws CaError. */
  issueServing(request: ServingIssueRequest): Promise<IssuedCertificate>;
  /** PEM roots that peers should trust now (both roots during a rotation). */
  trustBundle(): string[];
  issuerInfo(): IssuerInfo;
}
