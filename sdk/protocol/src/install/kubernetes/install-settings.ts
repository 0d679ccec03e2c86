import { type InstallValues, InstallValuesError } from "./install-values.ts";

/**
 * What the object builders read: every value as the string it becomes in a manifest.
 * Rendering a manifest fills it from real values; rendering the Helm chart fills each
 * field with a placeholder that becomes `{{ .Values.… }}` (helm-template.ts), so the
 * chart's templates are the very objects `trellis install` prints.
 */
export interface InstallSettings {
  namespace: string;
  controlPlaneUrl: string;
  clusterName: string;
  joinTokenSecretName: string;
  joinToken: string;
  connectorImage: string;
  proxyImage: string;
  proxyInitImage: string;
  /** "true" | "false" (a ConfigMap value). */
  nativeSidecar: string;
  failurePolicy: string;
  /** "files" | "mesh-ca" (a ConfigMap value, the connector's --webhook-tls). */
  webhookTls: string;
  tlsSecretName: string;
  tlsCertificate: string;
  tlsKey: string;
  caBundle: string;
}

/** Documents that only some installs contain. */
export type InstallCondition = "joinTokenSecret" | "injectorTlsSecret" | "gatewayApiCrds";

export function settingsFromValues(values: InstallValues, namespace: string): InstallSettings {
  return {
    namespace,
    controlPlaneUrl: values.controlPlane.url,
    clusterName: values.clusterName,
    joinTokenSecretName: values.joinToken.secretName,
    joinToken: values.joinToken.value,
    connectorImage: values.images.connector,
    proxyImage: values.images.proxy,
    proxyInitImage: values.images.proxyInit,
    nativeSidecar: String(values.injector.nativeSidecar),
    failurePolicy: values.injector.failurePolicy,
    webhookTls: values.injector.tls.source,
    tlsSecretName: values.injector.tls.secretName,
    tlsCertificate: values.injector.tls.certificate,
    tlsKey: values.injector.tls.key,
    caBundle: values.injector.tls.caBundle,
  };
}

/** Which optional documents real values switch on. */
export function conditionsFromValues(values: InstallValues): Record<InstallCondition, boolean> {
  const tls = values.injector.tls;
  if ((tls.certificate === "") !== (tls.key === "")) {
    throw new InstallValuesError("injector.tls: give both certificate and key, or neither");
  }
  return {
    joinTokenSecret: values.joinToken.value !== "",
    injectorTlsSecret: tls.certificate !== "",
    gatewayApiCrds: values.gatewayApi.installCRDs,
  };
}
