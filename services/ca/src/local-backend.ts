import type { CaBackend, IssuedCertificate, IssueRequest, ServingIssueRequest } from "./backend.ts";
import { describeIssuer } from "./chain.ts";
import { unsealIssuerKey } from "./sealed-issuer.ts";
import { checkServingRequest } from "./serving-request.ts";
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
  const issued = (leaf: ReturnType<typeof signer.sign>, identity: string): IssuedCertificate => ({
    serial: leaf.serial,
    certPem: leaf.pem,
    chainPem: [leaf.pem, ...authority.chainPem],
    notBefore: leaf.notBefore,
    notAfter: leaf.notAfter,
    identity,
    trustBundle: [...bundle],
    rootFingerprint: info.activeRootFingerprint,
  });
  return {
    kind: info.backend,
    trustDomain: state.trustDomain,
    async issue(request: IssueRequest): Promise<IssuedCertificate> {
      const csr = checkIssueRequest(request, state.trustDomain);
      return issued(signer.sign(csr.spki, request.identity, request.ttlSeconds, now()), request.identity);
    },
    async issueServing(request: ServingIssueRequest): Promise<IssuedCertificate> {
      const csr = checkServingRequest(request);
      const leaf = signer.signServing(csr.spki, request.dnsName, request.ttlSeconds, now());
      return issued(leaf, `dns:${request.dnsName}`);
    },
    trustBundle: () => [...bundle],
    issuerInfo: () => info,
  };
}
