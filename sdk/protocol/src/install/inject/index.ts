// Entry point `@trellis/protocol/inject`: the sidecar injection alone (no CRDs, no
// manifests), for the connector's webhook, which should not load the whole install.

export {
  defaultImages,
  injectLabel,
  injectPath,
  ports as installPorts,
  proxyUid,
} from "../kubernetes/constants.ts";
export {
  defaultInjectionSettings,
  type InjectionSettings,
  initContainerName,
  proxyContainerName,
} from "./injection-settings.ts";
export { applyJsonPatch, type JsonPatchOp, pointerSegment } from "./json-patch.ts";
export { type InjectionPlan, planInjection } from "./plan-injection.ts";
export { ownerWorkload, podAnnotations } from "./pod-annotations.ts";
export type { PodLike } from "./pod-shape.ts";
