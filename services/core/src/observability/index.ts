// The control plane's own metrics and the worker role's pass (sweep, downsample, flags, webhooks).
// The public surface of this area; everything else in the folder is internal.
export { observeConnectedTunnels } from "./control-plane-metrics.ts";
export {
  observeConfigAck,
  observeConfigNack,
  timeCertificateIssuance,
  trackConfigCommits,
} from "./push-latency.ts";
export { runWorkerPass, type WorkerPassResult } from "./worker-pass.ts";
