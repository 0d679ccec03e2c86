import { names, ports } from "../constants.ts";
import type { InstallSettings } from "../install-settings.ts";
import { type KubeObject, partOfLabels } from "../kube-object.ts";

const appLabels = { "app.kubernetes.io/name": names.connector, ...partOfLabels };
const selector = { "app.kubernetes.io/name": names.connector };
const tlsDir = "/etc/trellis/injector-tls";

/**
 * The connector's settings as environment variables (names the connector reads, see its
 * README), so a kustomize overlay changes one ConfigMap key and Helm one value.
 */
export function connectorConfigMap(s: InstallSettings): KubeObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: names.connector, namespace: s.namespace, labels: appLabels },
    data: {
      TRELLIS_CONTROL_PLANE: s.controlPlaneUrl,
      TRELLIS_PROXY_IMAGE: s.proxyImage,
      TRELLIS_PROXY_INIT_IMAGE: s.proxyInitImage,
      TRELLIS_NATIVE_SIDECAR: s.nativeSidecar,
      TRELLIS_WEBHOOK_TLS: s.webhookTls,
    },
  };
}

/** The Service proxies dial for config and certificates. */
export function connectorService(s: InstallSettings): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: names.connector, namespace: s.namespace, labels: appLabels },
    spec: {
      selector,
      ports: [
        {
          name: "grpc-proxy-control",
          port: ports.connectorProxyControl,
          targetPort: ports.connectorProxyControl,
        },
      ],
    },
  };
}

/**
 * A StatefulSet, not a Deployment: the connector keeps its cluster credential and its
 * last-known-good config in its state dir, and a rescheduled pod must find them again
 * (the join token works once). `injector: false` leaves the webhook and the CRD sync out
 * (the console's connector-only manifest, which installs no CRDs).
 */
export function connectorStatefulSet(s: InstallSettings, options: { injector: boolean }): KubeObject {
  const args = [
    "--state-dir=/var/lib/trellis",
    "--discovery=kubernetes",
    `--listen=0.0.0.0:${ports.connectorProxyControl}`,
    `--admin=0.0.0.0:${ports.connectorAdmin}`,
  ];
  const containerPorts: unknown[] = [
    { name: "grpc-proxy-ctl", containerPort: ports.connectorProxyControl },
    { name: "admin", containerPort: ports.connectorAdmin },
  ];
  const mounts: unknown[] = [{ name: "state", mountPath: "/var/lib/trellis" }];
  const volumes: unknown[] = [];
  if (!options.injector) args.push("--sync-resources=false");
  if (options.injector) {
    args.push(
      `--webhook-listen=0.0.0.0:${ports.connectorWebhook}`,
      `--webhook-cert-file=${tlsDir}/tls.crt`,
      `--webhook-key-file=${tlsDir}/tls.key`,
    );
    containerPorts.push({ name: "webhook", containerPort: ports.connectorWebhook });
    mounts.push({ name: "injector-tls", mountPath: tlsDir, readOnly: true });
    // Optional: with the mesh CA as the source (TRELLIS_WEBHOOK_TLS) there is no Secret; with
    // files and no Secret the connector exits naming the missing file.
    volumes.push({ name: "injector-tls", secret: { secretName: s.tlsSecretName, optional: true } });
  }
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: {
      name: names.connector,
      namespace: s.namespace,
      labels: { ...appLabels, "trellis.dev/cluster": s.clusterName },
    },
    spec: {
      serviceName: names.connector,
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: appLabels },
        spec: {
          serviceAccountName: names.connector,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, fsGroup: 65532 },
          containers: [
            {
              name: "connector",
              image: s.connectorImage,
              args,
              envFrom: [{ configMapRef: { name: names.connector } }],
              env: connectorEnv(s),
              ports: containerPorts,
              readinessProbe: { httpGet: { path: "/ready", port: "admin" } },
              livenessProbe: { httpGet: { path: "/live", port: "admin" } },
              resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: mounts,
            },
          ],
          ...(volumes.length > 0 ? { volumes } : {}),
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "state" },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "16Mi" } } },
        },
      ],
    },
  };
}

function connectorEnv(s: InstallSettings): unknown[] {
  return [
    // Optional: once the connector holds its credential, the token Secret may go.
    {
      name: "TRELLIS_JOIN_TOKEN",
      valueFrom: { secretKeyRef: { name: s.joinTokenSecretName, key: "token", optional: true } },
    },
    { name: "POD_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
    // What injected proxies dial; $(POD_NAMESPACE) is expanded by the kubelet.
    {
      name: "TRELLIS_INJECT_CONNECTOR_ADDRESS",
      value: `${names.connector}.$(POD_NAMESPACE).svc:${ports.connectorProxyControl}`,
    },
  ];
}
