import { randomUUID, X509Certificate } from "node:crypto";
import type { ACMPCAClient, IssueCertificateCommandInput, SigningAlgorithm } from "@aws-sdk/client-acm-pca";
import { CaError } from "../errors.ts";
import { splitCertificates } from "../x509/pem.ts";
import { type AcmPcaClientOptions, type AcmPcaTarget, acmPcaSdk, withRetries } from "./client.ts";

export const templates = {
  endEntityPassthrough: "arn:aws:acm-pca:::template/EndEntityCertificate_APIPassthrough/V1",
  subordinatePathLen0: "arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1",
} as const;

/** The signing algorithm ACM PCA must use for a CA whose certificate carries this key. */
export function signingAlgorithmFor(caCertPem: string): SigningAlgorithm {
  const key = new X509Certificate(caCertPem).publicKey;
  if (key.asymmetricKeyType === "rsa") return "SHA256WITHRSA";
  return key.asymmetricKeyDetails?.namedCurve === "secp384r1" ? "SHA384WITHECDSA" : "SHA256WITHECDSA";
}

export type AcmIssueInput = Omit<
  IssueCertificateCommandInput,
  "CertificateAuthorityArn" | "IdempotencyToken"
>;

/**
 * IssueCertificate, then GetCertificate until it is ready. One idempotency token covers
 * every retry of this logical request, so a throttled-then-retried call never issues twice.
 */
export async function issueAndFetch(
  client: ACMPCAClient,
  target: AcmPcaTarget,
  options: AcmPcaClientOptions,
  input: AcmIssueInput,
): Promise<{ certPem: string; chainPem: string[] }> {
  const { GetCertificateCommand, IssueCertificateCommand } = await acmPcaSdk();
  const token = randomUUID();
  const issued = await withRetries("IssueCertificate", target, options, () =>
    client.send(
      new IssueCertificateCommand({
        ...input,
        CertificateAuthorityArn: target.caArn,
        IdempotencyToken: token,
      }),
    ),
  );
  const certificateArn = issued.CertificateArn;
  if (!certificateArn)
    throw new CaError("unavailable", "ACM PCA IssueCertificate returned no CertificateArn");
  const got = await withRetries("GetCertificate", target, options, () =>
    client.send(
      new GetCertificateCommand({ CertificateAuthorityArn: target.caArn, CertificateArn: certificateArn }),
    ),
  );
  if (!got.Certificate)
    throw new CaError("unavailable", `ACM PCA returned no certificate for ${certificateArn}`);
  const [certPem] = splitCertificates(got.Certificate);
  if (!certPem)
    throw new CaError("unavailable", `ACM PCA returned an unreadable certificate for ${certificateArn}`);
  return { certPem, chainPem: splitCertificates(got.CertificateChain ?? "") };
}

/** Self-signed certificates are roots; the rest are intermediates. */
export function separateRoots(certs: string[]): { roots: string[]; intermediates: string[] } {
  const roots: string[] = [];
  const intermediates: string[] = [];
  for (const pem of certs) {
    const cert = new X509Certificate(pem);
    (cert.checkIssued(cert) && cert.verify(cert.publicKey) ? roots : intermediates).push(pem);
  }
  return { roots, intermediates };
}
