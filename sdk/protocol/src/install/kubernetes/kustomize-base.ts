import { defaultNamespace } from "./constants.ts";
import { installDocuments } from "./install-documents.ts";
import { settingsFromValues } from "./install-settings.ts";
import { installValuesSchema } from "./install-values.ts";
import { manifestYaml } from "./render-install.ts";

const header =
  "# Generated from @trellis/protocol/install by infra/kubernetes/scripts/gen.ts. Do not edit.\n";

/**
 * The kustomize base (the install with the default values, Secrets left to you) and a
 * component adding the Gateway API route CRDs, as files by path under infra/kubernetes.
 */
export function renderKustomize(): Record<string, string> {
  const docs = installDocuments(settingsFromValues(installValuesSchema.parse({}), defaultNamespace));
  const files: Record<string, string> = {};
  const base = docs.filter((d) => d.when === undefined);
  const gateway = docs.filter((d) => d.when === "gatewayApiCrds");
  for (const d of base) files[`base/${d.file}`] = header + manifestYaml([d.object]);
  for (const d of gateway) files[`components/gateway-api-crds/${d.file}`] = header + manifestYaml([d.object]);
  files["base/kustomization.yaml"] = `${header}apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
${base.map((d) => `  - ${d.file}`).join("\n")}
`;
  files["components/gateway-api-crds/kustomization.yaml"] =
    `${header}apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
resources:
${gateway.map((d) => `  - ${d.file}`).join("\n")}
`;
  return files;
}
