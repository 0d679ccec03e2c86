import { X509Certificate } from "node:crypto";
import { isSignedBy } from "../chain.ts";
import { CaError } from "../errors.ts";
import { sealIssuer } from "../sealed-issuer.ts";
import type { AuthorityState, CaState } from "../state.ts";
import { newEcKeyPair } from "../x509/ca-certificate.ts";
import { createCsr } from "../x509/csr-builder.ts";
import { splitCertificates } from "../x509/pem.ts";
import {
  type AcmPcaClientOptions,
  type AcmPcaTarget,
  acmPcaClient,
  acmPcaSdk,
  withRetries,
} from "./client.ts";
import { issueAndFetch, separateRoots, signingAlgorithmFor, templates } from "./issue.ts";

const dayMs = 86_400_000;

export type AcmPcaCaOptions = AcmPcaTarget & {
  trustDomain: string;
  /** `intermediate` (recommended): ACM PCA signs our issuer once; leaves are signed locally. */
  mode: "intermediate" | "leaf";
  kek: Uint8Array;
  now?: Date;
  /** Intermediate mode: issuer lifetime, default 365 days (capped by the ACM CA's own expiry). */
  issuerValidityDays?: number;
  acmPca?: AcmPcaClientOptions;
};

/** Reads the ACM CA's certificate chain and, in intermediate mode, has it sign a new mesh issuer. */
export async function createAcmPcaCa(options: AcmPcaCaOptions): Promise<CaState> {
  return {
    version: 1,
    trustDomain: options.trustDomain,
    active: await createAcmPcaAuthority(options),
    retiring: null,
    rotationStartedAt: null,
  };
}

export async function createAcmPcaAuthority(options: AcmPcaCaOptions): Promise<AuthorityState> {
  const target = { caArn: options.caArn, region: options.region, endpoint: options.endpoint };
  const clientOptions = options.acmPca ?? {};
  const client = await acmPcaClient(target, clientOptions);
  const { GetCertificateAuthorityCertificateCommand } = await acmPcaSdk();
  const ca = await withRetries("GetCertificateAuthorityCertificate", target, clientOptions, () =>
    client.send(new GetCertificateAuthorityCertificateCommand({ CertificateAuthorityArn: options.caArn })),
  );
  const [caCertPem] = splitCertificates(ca.Certificate ?? "");
  if (!caCertPem)
    throw new CaError("unavailable", `ACM PCA ${options.caArn} has no CA certificate (is it active?)`);
  const { roots, intermediates } = separateRoots([
    caCertPem,
    ...splitCertificates(ca.CertificateChain ?? ""),
  ]);
  if (roots.length === 0)
    throw new CaError("unavailable", `ACM PCA ${options.caArn} returned no root certificate`);
  const aboveCa = intermediates.filter((pem) => pem !== caCertPem);
  if (options.mode === "leaf") {
    return { kind: "aws-acm-pca-leaf", ...target, roots, caCertPem, chainPem: aboveCa };
  }

  const now = options.now ?? new Date();
  const caNotAfter = new Date(new X509Certificate(caCertPem).validTo).getTime();
  // ACM refuses a validity past its own; stay a minute inside it.
  const notAfter = Math.min(now.getTime() + (options.issuerValidityDays ?? 365) * dayMs, caNotAfter - 60_000);
  const key = newEcKeyPair();
  const issued = await issueAndFetch(client, target, clientOptions, {
    Csr: Buffer.from(
      createCsr(key.privateKey, { commonName: `Trellis Issuing CA ${options.trustDomain}` }),
      "utf8",
    ),
    SigningAlgorithm: signingAlgorithmFor(caCertPem),
    TemplateArn: templates.subordinatePathLen0,
    Validity: { Type: "ABSOLUTE", Value: Math.floor(notAfter / 1000) },
  });
  const issuer = new X509Certificate(issued.certPem);
  const sameKey = issuer.publicKey
    .export({ format: "der", type: "spki" })
    .equals(key.publicKey.export({ format: "der", type: "spki" }));
  if (!issuer.ca || !sameKey || !isSignedBy(issuer, new X509Certificate(caCertPem))) {
    throw new CaError(
      "unavailable",
      `ACM PCA ${options.caArn} returned an issuer certificate we did not ask for`,
    );
  }
  const chainAbove = roots.includes(caCertPem) ? [] : [caCertPem, ...aboveCa];
  return {
    kind: "aws-acm-pca-intermediate",
    ...target,
    roots,
    issuer: sealIssuer(issued.certPem, key.privateKey, options.trustDomain, options.kek),
    chainPem: [issued.certPem, ...chainAbove],
  };
}
