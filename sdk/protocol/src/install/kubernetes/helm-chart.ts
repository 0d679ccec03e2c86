import { z } from "zod";
import { releaseVersion } from "./constants.ts";
import { installDocuments } from "./install-documents.ts";
import type { InstallCondition, InstallSettings } from "./install-settings.ts";
import { installValuesSchema } from "./install-values.ts";
import { manifestYaml } from "./render-install.ts";
import { valuesYaml } from "./values-yaml.ts";

/**
 * The Helm chart, derived from the same object builders as `trellis install`: each
 * setting is rendered as a placeholder that becomes `{{ <expression> }}`, and an optional
 * document is wrapped in `{{- if <condition> }}`. Nothing else of Go templates is used,
 * so the chart is exactly the objects, with values substituted (infra/kubernetes tests it).
 */
export const helmExpressions: Record<keyof InstallSettings, string> = {
  namespace: ".Release.Namespace | toJson",
  controlPlaneUrl:
    'required "controlPlane.url is required: where the connector dials the control plane" .Values.controlPlane.url | toJson',
  clusterName: ".Values.clusterName | toJson",
  joinTokenSecretName: ".Values.joinToken.secretName | toJson",
  joinToken: ".Values.joinToken.value | toJson",
  connectorImage: ".Values.images.connector | toJson",
  proxyImage: ".Values.images.proxy | toJson",
  proxyInitImage: ".Values.images.proxyInit | toJson",
  nativeSidecar: ".Values.injector.nativeSidecar | toString | toJson",
  failurePolicy: ".Values.injector.failurePolicy | toJson",
  webhookTls: ".Values.injector.tls.source | toJson",
  tlsSecretName: ".Values.injector.tls.secretName | toJson",
  tlsCertificate: ".Values.injector.tls.certificate | toJson",
  tlsKey: ".Values.injector.tls.key | toJson",
  caBundle: ".Values.injector.tls.caBundle | toJson",
};

export const helmConditions: Record<InstallCondition, string> = {
  joinTokenSecret: ".Values.joinToken.value",
  injectorTlsSecret: ".Values.injector.tls.certificate",
  gatewayApiCrds: ".Values.gatewayApi.installCRDs",
};

const sentinel = /(["']?)@@helm:(\w+)@@\1/g;
const header =
  "# Generated from @trellis/protocol/install by infra/kubernetes/scripts/gen.ts. Do not edit.\n";

function placeholderSettings(): InstallSettings {
  return Object.fromEntries(
    Object.keys(helmExpressions).map((k) => [k, `@@helm:${k}@@`]),
  ) as unknown as InstallSettings;
}

/** The chart's files by path (Chart.yaml, values.yaml, values.schema.json, templates/…). */
export function renderHelmChart(): Record<string, string> {
  const files: Record<string, string> = {
    "Chart.yaml": `${header}apiVersion: v2
name: trellis
description: The Trellis connector, its sidecar injector and the Trellis CRDs for one cluster.
type: application
version: ${releaseVersion}
appVersion: "${releaseVersion}"
kubeVersion: ">=1.26.0-0"
`,
    "values.yaml": header + valuesYaml(),
    "values.schema.json": `${JSON.stringify(z.toJSONSchema(installValuesSchema, { target: "draft-7", io: "input" }), null, 2)}\n`,
    "templates/NOTES.txt": `Trellis is installed in {{ .Release.Namespace }}.
Mesh a namespace:   kubectl label namespace <name> trellis.dev/inject=enabled
then roll its workloads (kubectl rollout restart deployment -n <name>).
`,
  };
  for (const doc of installDocuments(placeholderSettings())) {
    if (doc.namespaceObject) continue;
    const yaml = manifestYaml([doc.object]).replace(sentinel, (_, _q, key: keyof InstallSettings) => {
      return `{{ ${helmExpressions[key]} }}`;
    });
    if (yaml.includes("@@helm:")) throw new Error(`${doc.file}: a value is embedded in a longer string`);
    files[`templates/${doc.file}`] =
      header + (doc.when ? `{{- if ${helmConditions[doc.when]} }}\n${yaml}{{- end }}\n` : yaml);
  }
  return files;
}
