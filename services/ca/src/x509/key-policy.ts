import type { KeyObject } from "node:crypto";

/** Workload and issuer keys we accept: ECDSA P-256/P-384, RSA ≥ 2048 bits. */
export type KeyCheck = { ok: true; description: string } | { ok: false; description: string };

export function checkKeyType(key: KeyObject): KeyCheck {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "ec") {
    const curve = details.namedCurve;
    if (curve === "prime256v1") return { ok: true, description: "ECDSA P-256" };
    if (curve === "secp384r1") return { ok: true, description: "ECDSA P-384" };
    return { ok: false, description: `ECDSA on curve ${curve ?? "unknown"}` };
  }
  if (key.asymmetricKeyType === "rsa") {
    const bits = details.modulusLength ?? 0;
    return { ok: bits >= 2048, description: `RSA ${bits} bits` };
  }
  return { ok: false, description: `${key.asymmetricKeyType ?? "unknown"} key` };
}

export const allowedKeyTypesText = "ECDSA P-256, ECDSA P-384 or RSA of at least 2048 bits";
