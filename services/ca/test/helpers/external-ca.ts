import { webcrypto } from "node:crypto";
import * as x509 from "./x509.ts";

x509.cryptoProvider.set(webcrypto as never);

const ec = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const rsa1024 = {
  name: "RSASSA-PKCS1-v1_5",
  modulusLength: 1024,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: "SHA-256",
};
const dayMs = 86_400_000;

export type TestCa = {
  cert: x509.X509Certificate;
  keys: webcrypto.CryptoKeyPair;
  certPem: string;
  keyPem: string;
};

/**
 * A customer's CA made with @peculiar/x509 (independent of the CA package's encoder),
 * for bring-your-own tests: a root, or a certificate issued by `issuer`.
 */
export async function makeTestCa(options: {
  name: string;
  issuer?: TestCa;
  ca?: boolean;
  keyUsage?: number;
  notBeforeDays?: number;
  notAfterDays?: number;
  weakKey?: boolean;
}): Promise<TestCa> {
  const alg = options.weakKey ? rsa1024 : ec;
  const keys = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const isCa = options.ca ?? true;
  const usage =
    options.keyUsage ??
    (isCa
      ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
      : x509.KeyUsageFlags.digitalSignature);
  const common = {
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
      .toString("hex")
      .replace(/^./, "1"),
    notBefore: new Date(Date.now() + (options.notBeforeDays ?? -1) * dayMs),
    notAfter: new Date(Date.now() + (options.notAfterDays ?? 365) * dayMs),
    signingAlgorithm: options.issuer ? ec : alg,
    extensions: [
      new x509.BasicConstraintsExtension(isCa, undefined, true),
      new x509.KeyUsagesExtension(usage, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  };
  const cert = options.issuer
    ? await x509.X509CertificateGenerator.create({
        ...common,
        subject: `CN=${options.name}`,
        issuer: options.issuer.cert.subject,
        publicKey: keys.publicKey,
        signingKey: options.issuer.keys.privateKey,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({ ...common, name: `CN=${options.name}`, keys });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END PRIVATE KEY-----\n`;
  return { cert, keys, certPem: cert.toString("pem"), keyPem };
}
