import { webcrypto } from "node:crypto";
import * as x509 from "./x509.ts";

// Test CSRs come from @peculiar/x509 — an ASN.1 implementation independent of the CA's own.
x509.cryptoProvider.set(webcrypto as never);

export type KeyKind = "p256" | "p384" | "p521" | "rsa1024" | "rsa2048";

const algorithms: Record<KeyKind, webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams> = {
  p256: { name: "ECDSA", namedCurve: "P-256" },
  p384: { name: "ECDSA", namedCurve: "P-384" },
  p521: { name: "ECDSA", namedCurve: "P-521" },
  rsa1024: {
    name: "RSASSA-PKCS1-v1_5",
    modulusLength: 1024,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: "SHA-256",
  },
  rsa2048: {
    name: "RSASSA-PKCS1-v1_5",
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: "SHA-256",
  },
};

export type TestCsr = { csrPem: string; keyPem: string };

/** A workload-style CSR: fresh key, empty subject unless given, optional URI SANs. */
export async function makeCsr(
  options: { key?: KeyKind; uris?: string[]; subject?: string } = {},
): Promise<TestCsr> {
  const alg = algorithms[options.key ?? "p256"];
  const signingAlgorithm =
    alg.name === "ECDSA"
      ? { ...alg, hash: options.key === "p384" ? "SHA-384" : options.key === "p521" ? "SHA-512" : "SHA-256" }
      : alg;
  const keys = await webcrypto.subtle.generateKey(signingAlgorithm, true, ["sign", "verify"]);
  const extensions = options.uris?.length
    ? [
        new x509.SubjectAlternativeNameExtension(
          options.uris.map((value) => ({ type: "url" as const, value })),
        ),
      ]
    : [];
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: options.subject ?? "",
    keys,
    signingAlgorithm,
    extensions,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END PRIVATE KEY-----\n`;
  return { csrPem: csr.toString("pem"), keyPem };
}

/** The same CSR with one bit of its signature flipped. */
export function corruptSignature(csrPem: string): string {
  const der = Buffer.from(csrPem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64");
  der[der.length - 5]! ^= 0x01;
  return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString("base64")}\n-----END CERTIFICATE REQUEST-----\n`;
}

export const allowAll = () => true;
