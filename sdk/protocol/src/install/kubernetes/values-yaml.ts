import { installValuesSchema } from "./install-values.ts";

/** The chart's values.yaml: the schema's defaults, with what each one means. */
export function valuesYaml(): string {
  const d = installValuesSchema.parse({});
  const s = (v: unknown) => JSON.stringify(v);
  return `# Where the connector dials the Trellis control plane (required), e.g. https://tunnel.trellis.example:8443
controlPlane:
  url: ${s(d.controlPlane.url)}

# The Trellis cluster this connector joins (a label on the connector's StatefulSet).
clusterName: ${s(d.clusterName)}

joinToken:
  # The one-time join token from "add cluster". When set, the chart creates the Secret;
  # otherwise create it: kubectl create secret generic <secretName> --from-literal=token=…
  value: ${s(d.joinToken.value)}
  secretName: ${s(d.joinToken.secretName)}

images:
  connector: ${s(d.images.connector)}
  proxy: ${s(d.images.proxy)}
  proxyInit: ${s(d.images.proxyInit)}

injector:
  # trellis-proxy as a native sidecar (an init container with restartPolicy: Always,
  # Kubernetes >= 1.29); false injects a regular container.
  nativeSidecar: ${s(d.injector.nativeSidecar)}
  # Ignore: pods are admitted without a proxy while the injector is down; Fail: refused.
  failurePolicy: ${s(d.injector.failurePolicy)}
  tls:
    # Where the webhook's serving certificate comes from. files: the Secret below, mounted.
    # mesh-ca: the connector obtains it from the mesh CA over the tunnel and keeps the
    # webhook's caBundle equal to the mesh's trust bundle (the Secret is then unused).
    source: ${s(d.injector.tls.source)}
    # The webhook's serving certificate for trellis-injector.<namespace>.svc. When
    # certificate and key are set the chart creates the Secret; otherwise it must exist.
    # \`trellis install … -o values\` prints all three.
    secretName: ${s(d.injector.tls.secretName)}
    certificate: ${s(d.injector.tls.certificate)}
    key: ${s(d.injector.tls.key)}
    # Base64 of the PEM certificate of the CA that signed it.
    caBundle: ${s(d.injector.tls.caBundle)}

gatewayApi:
  # Install HTTPRoute and GRPCRoute (gateway.networking.k8s.io/v1) for clusters without
  # the Gateway API CRDs.
  installCRDs: ${s(d.gatewayApi.installCRDs)}
`;
}
