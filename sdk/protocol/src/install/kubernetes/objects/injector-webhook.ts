import { injectLabel, injectPath, names, ports } from "../constants.ts";
import type { InstallSettings } from "../install-settings.ts";
import { type KubeObject, partOfLabels } from "../kube-object.ts";

/** The webhook's Service: the API server dials it on 443; the connector serves 9443. */
export function injectorService(s: InstallSettings): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: names.injectorService, namespace: s.namespace, labels: { ...partOfLabels } },
    spec: {
      selector: { "app.kubernetes.io/name": names.connector },
      ports: [{ name: "https-webhook", port: 443, targetPort: ports.connectorWebhook }],
    },
  };
}

/** The injector's serving certificate (phase 1: made by `trellis install` or by you; see the README). */
export function injectorTlsSecret(s: InstallSettings): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: s.tlsSecretName, namespace: s.namespace, labels: { ...partOfLabels } },
    type: "kubernetes.io/tls",
    stringData: { "tls.crt": s.tlsCertificate, "tls.key": s.tlsKey },
  };
}

/**
 * Two webhooks on one endpoint, because a selector can only read labels:
 * - pods in a namespace labelled `trellis.dev/inject=enabled`, unless the pod is labelled
 *   `disabled` (a pod *annotated* `disabled` reaches the webhook, which leaves it alone);
 * - pods labelled `enabled` in namespaces that are neither enabled nor disabled.
 * The API server's own namespaces and Trellis' namespace are never sent.
 *
 * failurePolicy defaults to Ignore: the webhook is served by the one connector replica,
 * and `Fail` would block every pod of an injected namespace while it restarts. The price
 * is that a pod created during an outage runs without a proxy (the README says how to see
 * and fix that); `Fail` is one value away for clusters that prefer refusal.
 */
export function injectorWebhookConfiguration(s: InstallSettings): KubeObject {
  const common = {
    admissionReviewVersions: ["v1"],
    sideEffects: "None",
    failurePolicy: s.failurePolicy,
    matchPolicy: "Equivalent",
    // Another webhook may add containers after us; being idempotent, we can look again.
    reinvocationPolicy: "IfNeeded",
    timeoutSeconds: 5,
    clientConfig: {
      service: { name: names.injectorService, namespace: s.namespace, path: injectPath, port: 443 },
      caBundle: s.caBundle,
    },
    rules: [
      {
        operations: ["CREATE"],
        apiGroups: [""],
        apiVersions: ["v1"],
        resources: ["pods"],
        scope: "Namespaced",
      },
    ],
  };
  const notSystem = {
    key: "kubernetes.io/metadata.name",
    operator: "NotIn",
    values: ["kube-system", "kube-public", "kube-node-lease", s.namespace],
  };
  return {
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "MutatingWebhookConfiguration",
    metadata: { name: names.webhookConfiguration, labels: { ...partOfLabels } },
    webhooks: [
      {
        name: "namespaces.injector.trellis.dev",
        ...common,
        namespaceSelector: {
          matchExpressions: [{ key: injectLabel, operator: "In", values: ["enabled"] }, notSystem],
        },
        objectSelector: {
          matchExpressions: [{ key: injectLabel, operator: "NotIn", values: ["disabled"] }],
        },
      },
      {
        name: "pods.injector.trellis.dev",
        ...common,
        namespaceSelector: {
          matchExpressions: [
            { key: injectLabel, operator: "NotIn", values: ["enabled", "disabled"] },
            notSystem,
          ],
        },
        objectSelector: {
          matchExpressions: [{ key: injectLabel, operator: "In", values: ["enabled"] }],
        },
      },
    ],
  };
}
