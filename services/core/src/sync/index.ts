// Config sync: load → compile → what each connector stream receives, in the schemas it reads (push.ts, negotiate.ts), connection and ACK/NACK bookkeeping, the sync view.
// The public surface of this area; everything else in the folder is internal.
export { batchedAckRecorder } from "./ack-batcher.ts";
export {
  holdsLease,
  isConnected,
  markConnected,
  markDisconnected,
  refreshPresence,
  releaseConnections,
  stillAdmitted,
  sweepStaleConnections,
} from "./connection.ts";
export { getMeshSync } from "./get-sync.ts";
export { meshVersions } from "./mesh-versions.ts";
export { type PushStream, type PushTarget, planPush } from "./push.ts";
export { recordNack } from "./record-answer.ts";
export type { EncodedSnapshot, SnapshotEncoder } from "./renderings.ts";
