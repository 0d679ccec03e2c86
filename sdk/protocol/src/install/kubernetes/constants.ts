/**
 * Names, ports and ids the Kubernetes install, the injector and the proxies must agree on.
 * One place, so the manifests, the webhook and `trellis inject` cannot drift apart.
 */

export const releaseVersion = "0.1.0";

export const defaultImages = {
  connector: `ghcr.io/trellis-mesh/connector:${releaseVersion}`,
  proxy: `ghcr.io/trellis-mesh/proxy:${releaseVersion}`,
  proxyInit: `ghcr.io/trellis-mesh/proxy-init:${releaseVersion}`,
} as const;

export const defaultNamespace = "trellis-system";

/** Object names of the install (fixed: one install per cluster). */
export const names = {
  connector: "trellis-connector",
  injectorService: "trellis-injector",
  webhookConfiguration: "trellis-proxy-injector",
  joinTokenSecret: "trellis-join-token",
  injectorTlsSecret: "trellis-injector-tls",
} as const;

export const ports = {
  /** The connector's ProxyControl gRPC, dialled by every proxy of the cluster. */
  connectorProxyControl: 4190,
  connectorAdmin: 4191,
  /** The injector's HTTPS listener inside the connector pod (the Service maps 443 to it). */
  connectorWebhook: 9443,
  proxyInbound: 4143,
  proxyOutbound: 4140,
  proxyAdmin: 4191,
} as const;

/**
 * The uid trellis-proxy runs as in an injected pod. The capture rules exempt it, so the
 * proxy's own connections are not redirected back to itself. Not 65532 (the usual
 * distroless "nonroot"), which apps commonly use too: their traffic would escape capture.
 */
export const proxyUid = 2102;

/** Labels and annotations users put on namespaces and pods. */
export const injectLabel = "trellis.dev/inject";

/** The webhook's HTTPS path. */
export const injectPath = "/inject";
