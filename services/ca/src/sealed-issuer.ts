import { createPrivateKey, type KeyObject } from "node:crypto";
import { seal, unseal } from "./envelope.ts";
import type { AuthorityState } from "./state.ts";
import { issuerKeyContext } from "./state.ts";
import { fingerprintOfPem } from "./x509/certificate.ts";

type SealedIssuer = Extract<AuthorityState, { issuer: unknown }>["issuer"];

/** Seals an issuer key, binding it to its certificate and trust domain. */
export function sealIssuer(
  certPem: string,
  key: KeyObject,
  trustDomain: string,
  kek: Uint8Array,
): SealedIssuer {
  const pkcs8 = key.export({ format: "der", type: "pkcs8" });
  return { certPem, key: seal(pkcs8, kek, issuerKeyContext(trustDomain, fingerprintOfPem(certPem))) };
}

export function unsealIssuerKey(issuer: SealedIssuer, trustDomain: string, kek: Uint8Array): KeyObject {
  const pkcs8 = unseal(issuer.key, kek, issuerKeyContext(trustDomain, fingerprintOfPem(issuer.certPem)));
  try {
    return createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
  } finally {
    pkcs8.fill(0);
  }
}
