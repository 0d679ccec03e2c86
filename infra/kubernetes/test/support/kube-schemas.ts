import * as k8s from "@kubernetes/client-node";
import type { KubeObject } from "@trellis/protocol/install";

/** The kinds Trellis renders or injects into. */
const models: Record<string, () => Promise<unknown>> = {
  "v1/Namespace": () => import("kubernetes-models/v1/Namespace"),
  "v1/ServiceAccount": () => import("kubernetes-models/v1/ServiceAccount"),
  "v1/ConfigMap": () => import("kubernetes-models/v1/ConfigMap"),
  "v1/Secret": () => import("kubernetes-models/v1/Secret"),
  "v1/Service": () => import("kubernetes-models/v1/Service"),
  "v1/Pod": () => import("kubernetes-models/v1/Pod"),
  "apps/v1/StatefulSet": () => import("kubernetes-models/apps/v1/StatefulSet"),
  "apps/v1/Deployment": () => import("kubernetes-models/apps/v1/Deployment"),
  "apps/v1/DaemonSet": () => import("kubernetes-models/apps/v1/DaemonSet"),
  "rbac.authorization.k8s.io/v1/ClusterRole": () =>
    import("kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole"),
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": () =>
    import("kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding"),
  "apiextensions.k8s.io/v1/CustomResourceDefinition": () =>
    import("kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition"),
  "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration": () =>
    import("kubernetes-models/admissionregistration.k8s.io/v1/MutatingWebhookConfiguration"),
};

type AttributeMap = { baseName: string; type: string }[];
type ModelClass = { getAttributeTypeMap(): AttributeMap };

/**
 * Checks an object the way the API server and `kubectl apply --validate=strict` would,
 * without a cluster: types, formats and required fields against the Kubernetes OpenAPI
 * schemas (kubernetes-models), plus unknown fields, which those schemas let through
 * (walked with @kubernetes/client-node's typed models). Empty when the object is valid.
 */
export async function kubeSchemaErrors(object: KubeObject): Promise<string[]> {
  const errors: string[] = [];
  const version = object.apiVersion.split("/").at(-1)!;
  const load = models[`${object.apiVersion}/${object.kind}`];
  if (!load) return [`no model for ${object.apiVersion} ${object.kind}`];
  const Model = ((await load()) as Record<string, new (o: unknown) => { validate(): void }>)[object.kind]!;
  try {
    new Model(object).validate();
  } catch (err) {
    errors.push((err as Error).message);
  }
  unknownFields(object, `${capitalize(version!)}${object.kind}`, "", errors);
  return errors;
}

function capitalize(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

function unknownFields(value: unknown, type: string, path: string, errors: string[]): void {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value))
      for (const [i, v] of value.entries()) unknownFields(v, array[1]!, `${path}/${i}`, errors);
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    for (const [k, v] of Object.entries(value as object)) unknownFields(v, map[1]!, `${path}/${k}`, errors);
    return;
  }
  const model = (k8s as unknown as Record<string, ModelClass | undefined>)[type];
  if (!model?.getAttributeTypeMap || typeof value !== "object") return;
  const attributes = model.getAttributeTypeMap();
  for (const [key, v] of Object.entries(value as object)) {
    const attribute = attributes.find((a) => a.baseName === key);
    if (!attribute) {
      errors.push(`${path}/${key}: unknown field of ${type}`);
      continue;
    }
    // JSONSchemaProps types these as `any`; they hold schemas too.
    const nested = type === "V1JSONSchemaProps" && ["items", "additionalProperties"].includes(key);
    unknownFields(
      v,
      nested && typeof v === "object" ? "V1JSONSchemaProps" : attribute.type,
      `${path}/${key}`,
      errors,
    );
  }
}
