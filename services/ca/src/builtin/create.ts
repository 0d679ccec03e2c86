import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { seal, unseal } from "../envelope.ts";
import { CaError } from "../errors.ts";
import { sealIssuer } from "../sealed-issuer.ts";
import { type AuthorityState, type CaState, rootKeyContext } from "../state.ts";
import { createCaCertificate, newEcKeyPair } from "../x509/ca-certificate.ts";
import { fingerprintOfPem } from "../x509/certificate.ts";

const dayMs = 86_400_000;
/** CA certificates are back-dated like leaves, so peers with slow clocks accept them at once. */
const backdateMs = 60_000;

export type BuiltinOptions = {
  trustDomain: string;
  /** 32-byte key-encryption key (loadOrCreateKek, or the deployment's secret store). */
  kek: Uint8Array;
  now?: Date;
  /** Default 3650 (10 years). */
  rootValidityDays?: number;
  /** Default 365 (1 year). */
  issuerValidityDays?: number;
  /** Default true: root and issuer permit only URIs of the mesh's trust domain (RFC 5280 name constraints). */
  nameConstraints?: boolean;
};

type BuiltinAuthority = Extract<AuthorityState, { kind: "builtin" }>;

/** A new mesh CA: root (ECDSA P-256, 10 years) and issuing intermediate (1 year, pathLen 0). */
export function createBuiltinCa(options: BuiltinOptions): CaState {
  return {
    version: 1,
    trustDomain: options.trustDomain,
    active: createBuiltinAuthority(options),
    retiring: null,
    rotationStartedAt: null,
  };
}

export function createBuiltinAuthority(options: BuiltinOptions): BuiltinAuthority {
  const now = options.now ?? new Date();
  const root = newEcKeyPair();
  const rootCertPem = createCaCertificate({
    commonName: `Trellis Root CA ${options.trustDomain}`,
    publicKey: root.publicKey,
    issuer: null,
    signerKey: root.privateKey,
    notBefore: new Date(now.getTime() - backdateMs),
    notAfter: new Date(now.getTime() + (options.rootValidityDays ?? 3650) * dayMs),
    pathLen: undefined,
    permittedTrustDomain: options.nameConstraints === false ? undefined : options.trustDomain,
  });
  const rootKey = seal(
    root.privateKey.export({ format: "der", type: "pkcs8" }),
    options.kek,
    rootKeyContext(options.trustDomain, fingerprintOfPem(rootCertPem)),
  );
  return {
    kind: "builtin",
    roots: [rootCertPem],
    rootKey,
    ...newIssuer(rootCertPem, root.privateKey, options),
  };
}

/**
 * A fresh issuing intermediate under the same root, for when the issuer nears expiry. The
 * root does not change, so no trust-bundle rotation is needed and old leaves stay valid.
 */
export function renewBuiltinIssuer(authority: BuiltinAuthority, options: BuiltinOptions): BuiltinAuthority {
  const rootCertPem = authority.roots[0]!;
  const pkcs8 = unseal(
    authority.rootKey,
    options.kek,
    rootKeyContext(options.trustDomain, fingerprintOfPem(rootCertPem)),
  );
  const rootKey = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
  return { ...authority, ...newIssuer(rootCertPem, rootKey, options) };
}

function newIssuer(rootCertPem: string, rootKey: KeyObject, options: BuiltinOptions) {
  const now = options.now ?? new Date();
  const rootNotAfter = new Date(new X509Certificate(rootCertPem).validTo).getTime();
  const notAfter = Math.min(now.getTime() + (options.issuerValidityDays ?? 365) * dayMs, rootNotAfter);
  if (notAfter <= now.getTime()) {
    throw new CaError("unavailable", `the root of ${options.trustDomain} has expired; rotate the CA`);
  }
  const issuer = newEcKeyPair();
  const certPem = createCaCertificate({
    commonName: `Trellis Issuing CA ${options.trustDomain} ${now.toISOString().slice(0, 10)}`,
    publicKey: issuer.publicKey,
    issuer: { certPem: rootCertPem },
    signerKey: rootKey,
    notBefore: new Date(now.getTime() - backdateMs),
    notAfter: new Date(notAfter),
    pathLen: 0,
    permittedTrustDomain: options.nameConstraints === false ? undefined : options.trustDomain,
  });
  return {
    issuer: sealIssuer(certPem, issuer.privateKey, options.trustDomain, options.kek),
    chainPem: [certPem],
  };
}
