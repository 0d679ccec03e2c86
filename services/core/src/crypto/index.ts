// Secrets and passwords: random tokens, hashes, constant-time compare.
// The public surface of this area; everything else in the folder is internal.

export { isSealed, openText, type SealedText, sealText } from "./at-rest.ts";
export { sealStoredSecrets } from "./seal-stored.ts";
export { safeEqual } from "./secrets.ts";
