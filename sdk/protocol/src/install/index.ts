// Entry point `@trellis/protocol/install`: how a customer installs Trellis — the connector
// command, the Kubernetes install (manifest, Helm chart, kustomize base, CRDs) and the
// sidecar injection shared by the admission webhook and `trellis inject`.
export { renderConnectorCommand } from "./connector-command.ts";
export {
  type ConnectorManifestInput,
  connectorAdminPort,
  connectorProxyPort,
  defaultConnectorImage,
  renderConnectorManifest,
} from "./connector-manifest.ts";
export { gatewayApiRouteCrds, pluralOf, resourceCrd, resourceCrds } from "./crds/resource-crds.ts";
export { structuralProblems } from "./crds/structural-check.ts";
export { type SchemaNode, structuralSchemaOf } from "./crds/structural-schema.ts";
export {
  defaultInjectionSettings,
  type InjectionSettings,
  initContainerName,
  proxyContainerName,
} from "./inject/injection-settings.ts";
export { applyJsonPatch, type JsonPatchOp, pointerSegment } from "./inject/json-patch.ts";
export { type InjectionPlan, planInjection } from "./inject/plan-injection.ts";
export { ownerWorkload, podAnnotations } from "./inject/pod-annotations.ts";
export type { PodLike } from "./inject/pod-shape.ts";
export {
  defaultImages,
  defaultNamespace,
  injectLabel,
  injectPath,
  names as installNames,
  ports as installPorts,
  proxyUid,
  releaseVersion,
} from "./kubernetes/constants.ts";
export { helmConditions, helmExpressions, renderHelmChart } from "./kubernetes/helm-chart.ts";
export {
  type InstallOptions,
  type InstallValues,
  InstallValuesError,
  type InstallValuesInput,
  installValuesSchema,
  parseInstallValues,
} from "./kubernetes/install-values.ts";
export { type KubeObject, objectKey } from "./kubernetes/kube-object.ts";
export { renderKustomize } from "./kubernetes/kustomize-base.ts";
export { manifestYaml, renderInstallManifest, renderInstallObjects } from "./kubernetes/render-install.ts";
