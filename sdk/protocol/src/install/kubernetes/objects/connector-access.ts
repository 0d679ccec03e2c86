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
 * Read-only, and only what discovery watches (Services, EndpointSlices). The webhook needs
 * no API access: the API server sends it the pod. Watching the trellis.dev resources comes
 * with the CRD sync.
 */
export function connectorClusterRole(): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: names.connector, labels: { ...partOfLabels } },
    rules: [
      { apiGroups: [""], resources: ["services"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
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
