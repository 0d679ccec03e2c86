// Stored first replies for `Idempotency-Key` on creates.
// The public surface of this area; everything else in the folder is internal.
export { findStoredReply, storeReply } from "./keys.ts";
