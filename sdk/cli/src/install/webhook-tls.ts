import "reflect-metadata";
import { randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type PeculiarKeys = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"];
const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const dayMs = 24 * 3600_000;

export interface WebhookTls {
  /** PEM certificate for the injector's Service name. */
  certificate: string;
  /** PEM (PKCS #8) private key of the certificate. */
  key: string;
  /** Base64 of the PEM CA certificate: the webhook configuration's caBundle. */
  caBundle: string;
  notAfter: Date;
}

async function keyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
}

/**
 * A serving certificate for the sidecar injector (phase 1 of issue 20: the mesh CA will
 * issue it later): a fresh P-256 CA used for nothing else and discarded — its key is
 * never printed — and a certificate for `trellis-injector.<namespace>.svc`, the name the
 * API server checks. Valid for a year; running `trellis install` again renews both.
 */
export async function makeWebhookTls(
  service: string,
  namespace: string,
  validDays = 365,
): Promise<WebhookTls> {
  const now = Date.now();
  const notBefore = new Date(now - 5 * 60_000);
  const notAfter = new Date(now + validDays * dayMs);
  const caKeys = await keyPair();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(16).toString("hex"),
    name: `CN=trellis-injector-ca.${namespace}`,
    notBefore,
    notAfter,
    keys: caKeys as unknown as PeculiarKeys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(
        caKeys.publicKey as unknown as PeculiarKeys["publicKey"],
      ),
    ],
  });
  const leafKeys = await keyPair();
  const dnsName = `${service}.${namespace}.svc`;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(16).toString("hex"),
    subject: `CN=${dnsName}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingKey: caKeys.privateKey as unknown as PeculiarKeys["privateKey"],
    publicKey: leafKeys.publicKey as unknown as PeculiarKeys["publicKey"],
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: dnsName },
        { type: "dns", value: `${dnsName}.cluster.local` },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", leafKeys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .replace(/\n$/, "")}\n-----END PRIVATE KEY-----\n`;
  return {
    certificate: `${leaf.toString("pem")}\n`,
    key,
    caBundle: Buffer.from(`${ca.toString("pem")}\n`).toString("base64"),
    notAfter,
  };
}
