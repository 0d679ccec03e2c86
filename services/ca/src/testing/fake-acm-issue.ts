import { type KeyObject, randomBytes } from "node:crypto";
import { encodeTbs, ext, extension, signatureSchemeFor, signTbs } from "../x509/build.ts";
import { keyIdentifier, parseCertificate } from "../x509/certificate.ts";
import { parseAndVerifyCsr } from "../x509/csr.ts";
import { seq, tag, tlv } from "../x509/der.ts";
import { oid } from "../x509/oids.ts";
import { derToPem, pemToDer } from "../x509/pem.ts";

const endEntityPassthrough = "arn:aws:acm-pca:::template/EndEntityCertificate_APIPassthrough/V1";
const subordinatePathLen0 = "arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1";

type Root = { rootCertPem: string; rootKey: KeyObject; rootNotAfterMs: number };

/**
 * What ACM PCA does for IssueCertificate with the two templates Trellis uses, as its
 * documentation describes them: the end-entity passthrough template takes the subject from
 * the CSR and the SANs from ApiPassthrough (critical when the subject is empty), key usage
 * digitalSignature + keyEncipherment, EKU serverAuth + clientAuth; the PathLen0 subordinate
 * template makes a CA that may sign only leaves. Throws Error for bad arguments.
 */
export function fakeAcmIssue(body: Record<string, unknown>, root: Root): string {
  if (body.SigningAlgorithm !== "SHA256WITHECDSA") {
    throw new Error(
      `SigningAlgorithm ${String(body.SigningAlgorithm)} does not match the CA's EC_prime256v1 key`,
    );
  }
  const validity = body.Validity as { Type?: string; Value?: number } | undefined;
  if (validity?.Type !== "ABSOLUTE" || typeof validity.Value !== "number") {
    throw new Error("this fake supports only Validity Type ABSOLUTE");
  }
  const notAfterMs = validity.Value * 1000;
  if (notAfterMs > root.rootNotAfterMs) throw new Error("Validity exceeds the CA certificate's validity");
  if (notAfterMs <= Date.now()) throw new Error("Validity is in the past");
  const notBeforeInput = body.ValidityNotBefore as { Type?: string; Value?: number } | undefined;
  const notBefore = new Date(notBeforeInput?.Value ? notBeforeInput.Value * 1000 : Date.now() - 60_000);

  const csrPem = Buffer.from(String(body.Csr ?? ""), "base64").toString("utf8");
  const csr = parseAndVerifyCsr(csrPem);
  const rootParts = parseCertificate(pemToDer(root.rootCertPem, "CERTIFICATE"));
  const template = body.TemplateArn ?? "arn:aws:acm-pca:::template/EndEntityCertificate/V1";
  const common = [ext.subjectKeyId(keyIdentifier(csr.spki)), ext.authorityKeyId(rootParts.subjectKeyId!)];
  let extensions: Buffer[];
  if (template === endEntityPassthrough) {
    const passthrough = body.ApiPassthrough as
      | {
          Extensions?: {
            SubjectAlternativeNames?: { UniformResourceIdentifier?: string; DnsName?: string }[];
          };
        }
      | undefined;
    const names = (passthrough?.Extensions?.SubjectAlternativeNames ?? []).map((n) =>
      n.UniformResourceIdentifier
        ? tlv(0x86, Buffer.from(n.UniformResourceIdentifier, "latin1"))
        : n.DnsName
          ? tlv(0x82, Buffer.from(n.DnsName, "latin1"))
          : null,
    );
    if (names.some((n) => !n))
      throw new Error("this fake passes through only UniformResourceIdentifier and DnsName SANs");
    const emptySubject = csr.subject.length === 2;
    extensions = [
      ext.leafBasicConstraints(),
      extension(oid.keyUsage, true, Buffer.from([tag.bitString, 2, 5, 0xa0])),
      ext.serverAndClientAuth(),
      ...common,
    ];
    if (names.length)
      extensions.push(extension(oid.subjectAltName, emptySubject, seq(...(names as Buffer[]))));
  } else if (template === subordinatePathLen0) {
    extensions = [
      ext.caBasicConstraints(0),
      extension(oid.keyUsage, true, Buffer.from([tag.bitString, 2, 1, 0x86])),
      ...common,
    ];
  } else {
    throw new Error(`this fake does not implement template ${String(template)}`);
  }
  const scheme = signatureSchemeFor(root.rootKey);
  const tbs = encodeTbs({
    serial: randomBytes(16),
    signatureAlgorithm: scheme.algorithmIdentifier,
    issuerName: rootParts.subjectName,
    notBefore,
    notAfter: new Date(notAfterMs),
    subjectName: csr.subject,
    spki: csr.spki,
    extensions,
  });
  return derToPem("CERTIFICATE", signTbs(tbs, scheme, root.rootKey));
}
