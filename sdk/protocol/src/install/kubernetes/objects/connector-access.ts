import { resourceKinds } from "../../../resources/kinds.ts";
import { pluralOf } from "../../crds/resource-crds.ts";
import { names } from "../constants.ts";
import type { InstallSettings } from "../install-settings.ts";
import { type KubeObject, partOfLabels } from "../kube-object.ts";

export function installNamespaceObject(s: InstallSettings): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: s.namespace, labels: { ...partOfLabels } },
  };
}

export function connectorServiceAccount(s: InstallSettings): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: names.connector, namespace: s.namespace, labels: { ...partOfLabels } },
  };
}

/**
 * What the connector reads and writes, and nothing more: discovery reads Services and
 * EndpointSlices; the CRD sync reads the trellis.dev kinds and the Gateway API routes and
 * writes only their status subresource; the injector's certificate from the mesh CA
 * patches the caBundle of the one MutatingWebhookConfiguration of the install. The webhook
 * itself needs no API access: the API server sends it the pod. `full: false` (the
 * console's connector-only manifest: no CRDs, no injector) grants discovery's reads only.
 */
export function connectorClusterRole(options: { full: boolean } = { full: true }): KubeObject {
  const trellis = resourceKinds.map(pluralOf);
  const gateway = ["httproutes", "grpcroutes"];
  const read = ["get", "list", "watch"];
  const discovery = [
    { apiGroups: [""], resources: ["services"], verbs: read },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: read },
  ];
  if (!options.full)
    return {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: names.connector, labels: { ...partOfLabels } },
      rules: discovery,
    };
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: names.connector, labels: { ...partOfLabels } },
    rules: [
      ...discovery,
      { apiGroups: ["trellis.dev"], resources: trellis, verbs: read },
      { apiGroups: ["trellis.dev"], resources: trellis.map((p) => `${p}/status`), verbs: ["get", "patch"] },
      { apiGroups: ["gateway.networking.k8s.io"], resources: gateway, verbs: read },
      {
        apiGroups: ["gateway.networking.k8s.io"],
        resources: gateway.map((p) => `${p}/status`),
        verbs: ["get", "patch"],
      },
      {
        apiGroups: ["admissionregistration.k8s.io"],
        resources: ["mutatingwebhookconfigurations"],
        resourceNames: [names.webhookConfiguration],
        verbs: ["get", "patch"],
      },
    ],
  };
}

export function connectorClusterRoleBinding(s: InstallSettings): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: names.connector, labels: { ...partOfLabels } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: names.connector },
    subjects: [{ kind: "ServiceAccount", name: names.connector, namespace: s.namespace }],
  };
}

/** The one-time join token; the connector reads it as TRELLIS_JOIN_TOKEN, never from argv. */
export function joinTokenSecret(s: InstallSettings): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: s.joinTokenSecretName, namespace: s.namespace, labels: { ...partOfLabels } },
    type: "Opaque",
    stringData: { token: s.joinToken },
  };
}
