import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { CaError } from "./errors.ts";

/**
 * AES-256-GCM envelope encryption of CA private keys at rest: each secret gets a random
 * data key; the data key is wrapped by the caller's key-encryption key (KEK). Rotating the
 * KEK only re-wraps data keys. `context` is bound as additional authenticated data so a
 * sealed key cannot be moved to another mesh's or another slot's state.
 */
export type SealedSecret = {
  alg: "A256GCM";
  /** First 8 bytes of SHA-256(KEK), hex: says which KEK wrapped it without revealing it. */
  kekId: string;
  /** iv (12) ‖ ciphertext (32) ‖ tag (16) of the data key, base64. */
  wrappedKey: string;
  /** iv (12) ‖ ciphertext ‖ tag (16) of the secret, base64. */
  ciphertext: string;
};

const ivBytes = 12;
const tagBytes = 16;

export function kekId(kek: Uint8Array): string {
  return createHash("sha256").update(kek).digest("hex").slice(0, 16);
}

function assertKek(kek: Uint8Array): void {
  if (kek.length !== 32)
    throw new CaError("state_invalid", `key-encryption key must be 32 bytes, got ${kek.length}`);
}

function gcmEncrypt(key: Uint8Array, plaintext: Uint8Array, aad: Buffer): Buffer {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function gcmDecrypt(key: Uint8Array, sealed: Buffer, aad: Buffer): Buffer {
  const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, ivBytes));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
  return Buffer.concat([
    decipher.update(sealed.subarray(ivBytes, sealed.length - tagBytes)),
    decipher.final(),
  ]);
}

export function seal(secret: Uint8Array, kek: Uint8Array, context: string): SealedSecret {
  assertKek(kek);
  const dataKey = randomBytes(32);
  const aad = Buffer.from(context, "utf8");
  const sealed: SealedSecret = {
    alg: "A256GCM",
    kekId: kekId(kek),
    wrappedKey: gcmEncrypt(kek, dataKey, aad).toString("base64"),
    ciphertext: gcmEncrypt(dataKey, secret, aad).toString("base64"),
  };
  dataKey.fill(0);
  return sealed;
}

export function unseal(sealed: SealedSecret, kek: Uint8Array, context: string): Buffer {
  assertKek(kek);
  if (sealed.kekId !== kekId(kek)) {
    throw new CaError(
      "state_invalid",
      `CA key was sealed with KEK ${sealed.kekId}, not the configured ${kekId(kek)}`,
    );
  }
  const aad = Buffer.from(context, "utf8");
  try {
    const dataKey = gcmDecrypt(kek, Buffer.from(sealed.wrappedKey, "base64"), aad);
    const secret = gcmDecrypt(dataKey, Buffer.from(sealed.ciphertext, "base64"), aad);
    dataKey.fill(0);
    return secret;
  } catch (e) {
    throw new CaError("state_invalid", `CA key cannot be decrypted for ${context} (tampered or moved)`, {
      cause: e,
    });
  }
}
