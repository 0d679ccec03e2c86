// The plugin's half of go-plugin's AutoMTLS: a fresh key and a self-signed certificate for
// "localhost", valid for client and server auth. Terraform pins it: it receives the DER in
// the handshake line and trusts exactly that certificate.
import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import {
  bitString,
  boolean,
  contextTag,
  octetString,
  oid,
  sequence,
  set,
  time,
  unsignedInteger,
  utf8String,
} from "./der.ts";

export interface SelfSignedCert {
  certPem: string;
  keyPem: string;
  /** The certificate in DER, as the handshake line carries it (base64). */
  der: Buffer;
}

const oids = {
  commonName: "2.5.4.3",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
};

const extension = (id: string, critical: boolean, value: Buffer) =>
  sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));

/** Makes a P-256 key and a certificate for `localhost` valid from 30 s ago for `validDays`. */
export function selfSignedCert(now = new Date(), validDays = 30): SelfSignedCert {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const name = sequence(set(sequence(oid(oids.commonName), utf8String("localhost"))));
  const algorithm = sequence(oid(oids.ecdsaWithSha256));
  const tbs = sequence(
    contextTag(0, true, unsignedInteger(Buffer.from([2]))), // v3
    unsignedInteger(Buffer.concat([Buffer.from([0x01]), randomBytes(15)])),
    algorithm,
    name,
    sequence(time(new Date(now.getTime() - 30_000)), time(new Date(now.getTime() + validDays * 86_400_000))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    contextTag(
      3,
      true,
      sequence(
        extension(oids.basicConstraints, true, sequence(boolean(true))),
        // digitalSignature, keyEncipherment, keyAgreement, keyCertSign (as go-plugin's own).
        extension(oids.keyUsage, true, bitString(Buffer.from([0xac]), 2)),
        extension(oids.extKeyUsage, false, sequence(oid(oids.serverAuth), oid(oids.clientAuth))),
        extension(oids.subjectAltName, false, sequence(contextTag(2, false, Buffer.from("localhost")))),
      ),
    ),
  );
  const signature = sign("sha256", tbs, privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const keyPem = createPrivateKey(privateKey.export({ type: "pkcs8", format: "pem" })).export({
    type: "pkcs8",
    format: "pem",
  }) as string;
  return { certPem: toPem(der), keyPem, der };
}

function toPem(der: Buffer): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}
