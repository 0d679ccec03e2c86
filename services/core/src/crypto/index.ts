// Secrets and passwords: random tokens, hashes, constant-time compare.
// The public surface of this area; everything else in the folder is internal.
export { safeEqual } from "./secrets.ts";
