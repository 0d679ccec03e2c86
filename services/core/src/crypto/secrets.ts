import { createHash, timingSafeEqual } from "node:crypto";
import { randomBase62 } from "../ids.ts";

/** A secret with a readable prefix (`trl_pat_…`); only its hash is stored. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBase62(40)}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
