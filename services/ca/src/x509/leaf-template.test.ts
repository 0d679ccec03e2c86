import { generateKeyPairSync, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { emptyName, encodeName, encodeTbs, ext, signatureSchemeFor } from "./build.ts";
import { keyIdentifier } from "./certificate.ts";
import { createLeafTemplate } from "./leaf-template.ts";

describe("leaf TBS template", () => {
  it("writes exactly the DER the general encoder writes, across key sizes, URI lengths and dates", () => {
    const issuerKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
    const scheme = signatureSchemeFor(issuerKey);
    const issuerName = encodeName({ organization: "Trellis", commonName: "Issuer" });
    const fixedExtensions = [ext.leafBasicConstraints(), ext.leafKeyUsage(), ext.serverAndClientAuth()];
    const template = createLeafTemplate({
      signatureAlgorithm: scheme.algorithmIdentifier,
      issuerName,
      fixedExtensions,
    });
    const keys = [
      generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey,
      generateKeyPairSync("ec", { namedCurve: "P-384" }).publicKey,
      generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey,
    ];
    const uris = [
      "spiffe://a/vm/b",
      `spiffe://t.example/ns/${"n".repeat(63)}/sa/${"s".repeat(63)}`,
      `spiffe://x/${"y".repeat(300)}`,
    ];
    const dates = [new Date("2026-01-02T03:04:05Z"), new Date("2051-06-07T08:09:10Z")];
    for (const key of keys) {
      const spki = key.export({ format: "der", type: "spki" });
      for (const uri of uris) {
        for (const notAfter of dates) {
          const serial = randomBytes(16);
          serial[0] = (serial[0]! & 0x7f) | 0x40;
          const notBefore = new Date("2025-12-31T23:59:00Z");
          const keyId = keyIdentifier(spki);
          const expected = encodeTbs({
            serial,
            signatureAlgorithm: scheme.algorithmIdentifier,
            issuerName,
            notBefore,
            notAfter,
            subjectName: emptyName,
            spki,
            extensions: [...fixedExtensions, ext.subjectKeyId(keyId), ext.uriSan(uri, true)],
          });
          expect(template.fill(serial, notBefore, notAfter, spki, keyId, uri).toString("hex")).toBe(
            expected.toString("hex"),
          );
        }
      }
    }
  });
});
