import { type SealedSecret, seal, unseal } from "@trellis/ca";

// Secrets the control plane must read back (a webhook's signing key, the first reply to an
// Idempotency-Key that carried a token) are sealed with the key-encryption key before they
// are stored: AES-256-GCM envelopes (services/ca envelope.ts), bound to the row they belong
// to, so a copy of the database alone — or a value moved to another row — opens nothing.
const prefix = "sealed:v1:";

/** A sealed value as stored (a string: it fits text and jsonb columns alike). */
export type SealedText = `sealed:v1:${string}`;

export function isSealed(stored: unknown): stored is SealedText {
  return typeof stored === "string" && stored.startsWith(prefix);
}

/** Seals `plaintext` with the KEK for the row named by `context` (e.g. `webhook:<id>`). */
export function sealText(kek: Uint8Array, plaintext: string, context: string): SealedText {
  const sealed = seal(Buffer.from(plaintext, "utf8"), kek, context);
  return `${prefix}${Buffer.from(JSON.stringify(sealed)).toString("base64url")}`;
}

/** Opens what `sealText` stored for the same context; throws when tampered, moved or under another KEK. */
export function openText(kek: Uint8Array, stored: SealedText, context: string): string {
  try {
    const sealed = JSON.parse(
      Buffer.from(stored.slice(prefix.length), "base64url").toString("utf8"),
    ) as SealedSecret;
    return unseal(sealed, kek, context).toString("utf8");
  } catch (cause) {
    throw new Error(`the secret stored for ${context} cannot be opened: ${(cause as Error).message}`, {
      cause,
    });
  }
}
