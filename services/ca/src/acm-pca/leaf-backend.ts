import { X509Certificate } from "node:crypto";
import type { ACMPCAClient } from "@aws-sdk/client-acm-pca";
import type { CaBackend, IssuedCertificate, IssueRequest, ServingIssueRequest } from "../backend.ts";
import { describeIssuer, isSignedBy } from "../chain.ts";
import { CaError } from "../errors.ts";
import { checkServingRequest } from "../serving-request.ts";
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
  let client: Promise<ACMPCAClient> | undefined; // built on the first leaf: the SDK loads lazily
  const info = describeIssuer(state, authority);
  const bundle = bundleOf(state);
  const caCert = new X509Certificate(authority.caCertPem);
  const signingAlgorithm = signingAlgorithmFor(authority.caCertPem);

  /** One IssueCertificate with exactly one SAN passed through, checked before it is handed out. */
  async function leaf(
    csr: { pem: string; spki: Buffer },
    ttlSeconds: number,
    san: { UniformResourceIdentifier: string } | { DnsName: string },
    identity: string,
  ): Promise<IssuedCertificate> {
    const at = now().getTime();
    const notAfterSeconds = Math.floor(at / 1000) + ttlSeconds;
    client ??= acmPcaClient(authority, options);
    const result = await issueAndFetch(await client, authority, options, {
      Csr: Buffer.from(csr.pem, "utf8"),
      SigningAlgorithm: signingAlgorithm,
      TemplateArn: templates.endEntityPassthrough,
      Validity: { Type: "ABSOLUTE", Value: notAfterSeconds },
      ValidityNotBefore: { Type: "ABSOLUTE", Value: Math.floor((at - clockSkewMs) / 1000) },
      ApiPassthrough: { Extensions: { SubjectAlternativeNames: [san] } },
    });
    // Trust but verify: what ACM returns goes to workloads as their identity.
    const cert = new X509Certificate(result.certPem);
    const want = "DnsName" in san ? `DNS:${san.DnsName}` : `URI:${san.UniformResourceIdentifier}`;
    const sameKey = cert.publicKey.export({ format: "der", type: "spki" }).equals(csr.spki);
    if (cert.subjectAltName !== want || !sameKey || !isSignedBy(cert, caCert)) {
      throw new CaError(
        "unavailable",
        `ACM PCA returned a certificate that is not the one requested (${want})`,
      );
    }
    return {
      serial: cert.serialNumber.toLowerCase(),
      certPem: result.certPem,
      chainPem: [result.certPem, ...issuerChainOf(authority)],
      notBefore: new Date(cert.validFrom),
      notAfter: new Date(cert.validTo),
      identity,
      trustBundle: [...bundle],
      rootFingerprint: info.activeRootFingerprint,
    };
  }

  return {
    kind: "aws-acm-pca",
    trustDomain: state.trustDomain,
    async issue(request: IssueRequest): Promise<IssuedCertificate> {
      const csr = checkIssueRequest(request, state.trustDomain);
      const san = { UniformResourceIdentifier: request.identity };
      return leaf({ pem: request.csrPem, spki: csr.spki }, request.ttlSeconds, san, request.identity);
    },
    async issueServing(request: ServingIssueRequest): Promise<IssuedCertificate> {
      const csr = checkServingRequest(request);
      const san = { DnsName: request.dnsName };
      return leaf({ pem: request.csrPem, spki: csr.spki }, request.ttlSeconds, san, `dns:${request.dnsName}`);
    },
    trustBundle: () => [...bundle],
    issuerInfo: () => info,
  };
}
