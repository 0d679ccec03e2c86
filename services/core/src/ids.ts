import { randomBytes } from "node:crypto";
import { type IdKind, idPrefix } from "@trellis/protocol/ids";

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A new prefixed id: `mesh_` + 22 random base62 characters (~131 bits). */
export function newId(kind: IdKind): string {
  return `${idPrefix[kind]}_${randomBase62(22)}`;
}

export function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 248) out += alphabet[b % 62]; // reject the tail so every character is equally likely
  }
  return out.length === length ? out : randomBase62(length);
}
