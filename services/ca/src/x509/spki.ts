import { createPublicKey, type KeyObject } from "node:crypto";
import { CaError } from "../errors.ts";
import { children, decodeOid, expectTag, readTlv, tag, value } from "./der.ts";
import { allowedKeyTypesText, checkKeyType } from "./key-policy.ts";
import { oid } from "./oids.ts";

const curves: Record<string, { name: string; jwk?: "P-256" | "P-384"; bytes: number }> = {
  "1.2.840.10045.3.1.7": { name: "P-256", jwk: "P-256", bytes: 32 },
  "1.3.132.0.34": { name: "P-384", jwk: "P-384", bytes: 48 },
  "1.3.132.0.35": { name: "P-521 (secp521r1)", bytes: 66 },
};

/**
 * Imports a workload's SubjectPublicKeyInfo after checking the key type. EC keys go in as
 * JWK coordinates: OpenSSL 3.0's DER decoder costs about twice as much per key (≈150 µs
 * here), and key import is the largest single cost of issuance (see README "Speed").
 */
export function importWorkloadKey(spki: Buffer): { key: KeyObject; family: "ec" | "rsa" } {
  const outer = expectTag(readTlv(spki, 0), tag.sequence, "SubjectPublicKeyInfo");
  const [algTlv, bitsTlv] = children(spki, outer);
  const alg = children(spki, expectTag(algTlv, tag.sequence, "AlgorithmIdentifier"));
  const algorithm = decodeOid(value(spki, expectTag(alg[0], tag.oid, "algorithm")));
  if (algorithm === oid.ecPublicKey) {
    const curveOid = alg[1]?.tag === tag.oid ? decodeOid(value(spki, alg[1])) : "explicit parameters";
    const curve = curves[curveOid];
    if (!curve?.jwk) {
      throw new CaError(
        "key_type_not_allowed",
        `CSR key is ECDSA on curve ${curve?.name ?? curveOid}; allowed: ${allowedKeyTypesText}`,
      );
    }
    const point = value(spki, expectTag(bitsTlv, tag.bitString, "subjectPublicKey")).subarray(1);
    if (point[0] === 0x04 && point.length === 1 + 2 * curve.bytes) {
      const x = point.subarray(1, 1 + curve.bytes).toString("base64url");
      const y = point.subarray(1 + curve.bytes).toString("base64url");
      return {
        key: importOrInvalid({ key: { kty: "EC", crv: curve.jwk, x, y }, format: "jwk" }),
        family: "ec",
      };
    }
    // Compressed points are rare; the DER path handles them.
  }
  const key = importOrInvalid({ key: spki, format: "der", type: "spki" });
  const check = checkKeyType(key);
  if (!check.ok) {
    throw new CaError(
      "key_type_not_allowed",
      `CSR key is ${check.description}; allowed: ${allowedKeyTypesText}`,
    );
  }
  return { key, family: key.asymmetricKeyType === "rsa" ? "rsa" : "ec" };
}

function importOrInvalid(input: Parameters<typeof createPublicKey>[0]): KeyObject {
  try {
    return createPublicKey(input);
  } catch {
    throw new CaError("csr_invalid", "CSR public key cannot be parsed (not a valid point or key)");
  }
}
