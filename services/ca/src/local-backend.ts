import type { CaBackend, IssuedCertificate, IssueRequest } from "./backend.ts";
import { describeIssuer } from "./chain.ts";
import { unsealIssuerKey } from "./sealed-issuer.ts";
import type { AuthorityState, CaState } from "./state.ts";
import { bundleOf } from "./state.ts";
import { checkIssueRequest } from "./svid-request.ts";
import { createLeafSigner } from "./x509/leaf-signer.ts";

type LocalAuthority = Extract<AuthorityState, { issuer: unknown }>;

/**
 * A backend that signs leaves in process: builtin, external, and ACM PCA intermediate mode.
 * The issuer key is unsealed once here and kept as a KeyObject for the backend's lifetime.
 */
export function localBackend(
  state: CaState,
  authority: LocalAuthority,
  kek: Uint8Array,
  now: () => Date,
): CaBackend {
  const signer = createLeafSigner(
    authority.issuer.certPem,
    unsealIssuerKey(authority.issuer, state.trustDomain, kek),
  );
  const info = describeIssuer(state, authority);
  const bundle = bundleOf(state);
  return {
    kind: info.backend,
    trustDomain: state.trustDomain,
    async issue(request: IssueRequest): Promise<IssuedCertificate> {
      const csr = checkIssueRequest(request, state.trustDomain);
      const leaf = signer.sign(csr.spki, request.identity, request.ttlSeconds, now());
      return {
        serial: leaf.serial,
        certPem: leaf.pem,
        chainPem: [leaf.pem, ...authority.chainPem],
        notBefore: leaf.notBefore,
        notAfter: leaf.notAfter,
        identity: request.identity,
        trustBundle: [...bundle],
        rootFingerprint: info.activeRootFingerprint,
      };
    },
    trustBundle: () => [...bundle],
    issuerInfo: () => info,
  };
}
