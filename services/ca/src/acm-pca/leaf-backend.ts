import { X509Certificate } from "node:crypto";
import type { CaBackend, IssuedCertificate, IssueRequest } from "../backend.ts";
import { describeIssuer, isSignedBy } from "../chain.ts";
import { CaError } from "../errors.ts";
import type { AuthorityState, CaState } from "../state.ts";
import { bundleOf, issuerChainOf } from "../state.ts";
import { checkIssueRequest } from "../svid-request.ts";
import { clockSkewMs } from "../x509/leaf-signer.ts";
import { type AcmPcaClientOptions, acmPcaClient } from "./client.ts";
import { issueAndFetch, signingAlgorithmFor, templates } from "./issue.ts";

export type { AcmPcaClientOptions } from "./client.ts";

type LeafAuthority = Extract<AuthorityState, { kind: "aws-acm-pca-leaf" }>;

/**
 * ACM PCA signs every leaf (issue 4 item 5). Costs one paid issuance per certificate and
 * is bound by ACM's 25 issues/s default quota: prefer intermediate mode for large meshes.
 */
export function acmPcaLeafBackend(
  state: CaState,
  authority: LeafAuthority,
  now: () => Date,
  options: AcmPcaClientOptions,
): CaBackend {
  const client = acmPcaClient(authority, options);
  const info = describeIssuer(state, authority);
  const bundle = bundleOf(state);
  const caCert = new X509Certificate(authority.caCertPem);
  const signingAlgorithm = signingAlgorithmFor(authority.caCertPem);
  return {
    kind: "aws-acm-pca",
    trustDomain: state.trustDomain,
    async issue(request: IssueRequest): Promise<IssuedCertificate> {
      const csr = checkIssueRequest(request, state.trustDomain);
      const at = now().getTime();
      const notAfterSeconds = Math.floor(at / 1000) + request.ttlSeconds;
      const result = await issueAndFetch(client, authority, options, {
        Csr: Buffer.from(request.csrPem, "utf8"),
        SigningAlgorithm: signingAlgorithm,
        TemplateArn: templates.endEntityPassthrough,
        Validity: { Type: "ABSOLUTE", Value: notAfterSeconds },
        ValidityNotBefore: { Type: "ABSOLUTE", Value: Math.floor((at - clockSkewMs) / 1000) },
        ApiPassthrough: {
          Extensions: { SubjectAlternativeNames: [{ UniformResourceIdentifier: request.identity }] },
        },
      });
      // Trust but verify: what ACM returns goes to workloads as their identity.
      const leaf = new X509Certificate(result.certPem);
      const sans = (leaf.subjectAltName ?? "").split(", ").filter((s) => s.startsWith("URI:"));
      const sameKey = leaf.publicKey.export({ format: "der", type: "spki" }).equals(csr.spki);
      if (
        sans.length !== 1 ||
        sans[0] !== `URI:${request.identity}` ||
        !sameKey ||
        !isSignedBy(leaf, caCert)
      ) {
        throw new CaError("unavailable", "ACM PCA returned a certificate that is not the requested SVID");
      }
      return {
        serial: leaf.serialNumber.toLowerCase(),
        certPem: result.certPem,
        chainPem: [result.certPem, ...issuerChainOf(authority)],
        notBefore: new Date(leaf.validFrom),
        notAfter: new Date(leaf.validTo),
        identity: request.identity,
        trustBundle: [...bundle],
        rootFingerprint: info.activeRootFingerprint,
      };
    },
    trustBundle: () => [...bundle],
    issuerInfo: () => info,
  };
}
