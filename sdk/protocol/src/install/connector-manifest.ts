/**
 * The Kubernetes manifest that installs a connector in a customer's cluster, rendered with
 * its join token. Pure text, so the CLI and the console show exactly the same thing.
 *
 * A StatefulSet (not a Deployment) because the connector keeps its cluster credential and
 * last-known-good config in its state dir: a restarted pod must find them again, since the
 * join token works only once. RBAC is read-only and limited to what discovery watches.
 */
export interface ConnectorManifestInput {
  /** Where the connector dials, e.g. `https://tunnel.trellis.dev:8443`. */
  tunnelUrl: string;
  joinToken: string;
  clusterName: string;
  image?: string;
  namespace?: string;
}

export const defaultConnectorImage = "ghcr.io/trellis-mesh/connector:0.1.0";
/** The port proxies in the cluster dial for config and certificates. */
export const connectorProxyPort = 4190;
export const connectorAdminPort = 4191;

export function renderConnectorManifest(input: ConnectorManifestInput): string {
  const ns = input.namespace ?? "trellis-system";
  const image = input.image ?? defaultConnectorImage;
  const labels = `app.kubernetes.io/name: trellis-connector\n    app.kubernetes.io/part-of: trellis`;
  return [
    `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}`,
    `apiVersion: v1
kind: ServiceAccount
metadata:
  name: trellis-connector
  namespace: ${ns}`,
    `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: trellis-connector
rules:
  - apiGroups: [""]
    resources: ["services"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["discovery.k8s.io"]
    resources: ["endpointslices"]
    verbs: ["get", "list", "watch"]`,
    `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: trellis-connector
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: trellis-connector
subjects:
  - kind: ServiceAccount
    name: trellis-connector
    namespace: ${ns}`,
    `apiVersion: v1
kind: Secret
metadata:
  name: trellis-join-token
  namespace: ${ns}
type: Opaque
stringData:
  token: ${quote(input.joinToken)}`,
    `apiVersion: v1
kind: Service
metadata:
  name: trellis-connector
  namespace: ${ns}
  labels:
    ${labels}
spec:
  selector:
    app.kubernetes.io/name: trellis-connector
  ports:
    - name: grpc-proxy-control
      port: ${connectorProxyPort}
      targetPort: ${connectorProxyPort}`,
    `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: trellis-connector
  namespace: ${ns}
  labels:
    ${labels}
    trellis.dev/cluster: ${quote(input.clusterName)}
spec:
  serviceName: trellis-connector
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: trellis-connector
  template:
    metadata:
      labels:
        ${labels.replace("\n    ", "\n        ")}
    spec:
      serviceAccountName: trellis-connector
      securityContext:
        runAsNonRoot: true
        runAsUser: 65532
        fsGroup: 65532
      containers:
        - name: connector
          image: ${image}
          args:
            - --control-plane=${input.tunnelUrl}
            - --state-dir=/var/lib/trellis
            - --discovery=kubernetes
            - --listen=0.0.0.0:${connectorProxyPort}
            - --admin=0.0.0.0:${connectorAdminPort}
          env:
            - name: TRELLIS_JOIN_TOKEN
              valueFrom:
                secretKeyRef:
                  name: trellis-join-token
                  key: token
          ports:
            - name: grpc-proxy-ctl
              containerPort: ${connectorProxyPort}
            - name: admin
              containerPort: ${connectorAdminPort}
          readinessProbe:
            httpGet:
              path: /ready
              port: admin
          livenessProbe:
            httpGet:
              path: /live
              port: admin
          resources:
            requests:
              cpu: 50m
              memory: 64Mi
            limits:
              memory: 256Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: state
              mountPath: /var/lib/trellis
  volumeClaimTemplates:
    - metadata:
        name: state
      spec:
        accessModes: ["ReadWriteOnce"]
        resources:
          requests:
            storage: 16Mi`,
  ]
    .map((doc) => `${doc}\n`)
    .join("---\n");
}

/** A YAML double-quoted scalar. */
function quote(value: string): string {
  return JSON.stringify(value);
}
