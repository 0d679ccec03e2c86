import { X509Certificate } from "node:crypto";
import type { IssuerInfo } from "./backend.ts";
import { CaError } from "./errors.ts";
import type { AuthorityState, CaState } from "./state.ts";
import { bundleOf, issuerCertOf, issuerChainOf } from "./state.ts";
import { fingerprintOfPem } from "./x509/certificate.ts";

/** True when `child` names `parent` as issuer and `parent`'s key verifies its signature. */
export function isSignedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return child.checkIssued(parent) && child.verify(parent.publicKey);
}

/** The root (of `roots`) that anchors the authority's issuer chain. */
export function anchorOf(authority: AuthorityState): string {
  const chain = issuerChainOf(authority);
  if (chain.length === 0) return issuerCertOf(authority); // the issuer is itself a root
  const top = new X509Certificate(chain[chain.length - 1]!);
  const root = authority.roots.find((r) => isSignedBy(top, new X509Certificate(r)));
  if (!root) throw new CaError("state_invalid", "the issuer chain does not lead to any root of the CA state");
  return root;
}

export function describeIssuer(state: CaState, authority: AuthorityState): IssuerInfo {
  const issuerCertPem = issuerCertOf(authority);
  const issuerCert = new X509Certificate(issuerCertPem);
  const kind = authority.kind === "builtin" || authority.kind === "external" ? authority.kind : "aws-acm-pca";
  return {
    backend: kind,
    mode: authority.kind === "aws-acm-pca-leaf" ? "leaf" : "local",
    trustDomain: state.trustDomain,
    issuerCertPem,
    notBefore: new Date(issuerCert.validFrom),
    notAfter: new Date(issuerCert.validTo),
    roots: bundleOf(state).map((certPem) => ({
      fingerprint: fingerprintOfPem(certPem),
      certPem,
      notAfter: new Date(new X509Certificate(certPem).validTo),
    })),
    activeRootFingerprint: fingerprintOfPem(anchorOf(authority)),
    rotating: state.retiring !== null,
  };
}
