import { stringify } from "yaml";
import { installDocuments } from "./install-documents.ts";
import { conditionsFromValues, settingsFromValues } from "./install-settings.ts";
import {
  type InstallOptions,
  InstallValuesError,
  installNamespace,
  parseInstallValues,
} from "./install-values.ts";
import type { KubeObject } from "./kube-object.ts";

/**
 * The objects of a Trellis install for the given values: what `trellis install` prints,
 * what the Helm chart renders with the same values, and what the kustomize base holds
 * for the defaults. Throws InstallValuesError naming a bad value.
 */
export function renderInstallObjects(options: InstallOptions): KubeObject[] {
  const { namespace: _, ...valueOptions } = options;
  const values = parseInstallValues(valueOptions);
  if (values.controlPlane.url === "")
    throw new InstallValuesError("controlPlane.url: required (where the connector dials the control plane)");
  const conditions = conditionsFromValues(values);
  const settings = settingsFromValues(values, installNamespace(options));
  return installDocuments(settings)
    .filter((d) => d.when === undefined || conditions[d.when])
    .map((d) => d.object);
}

/** Objects as one multi-document YAML stream, for `kubectl apply -f -`. */
export function manifestYaml(objects: readonly KubeObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join("---\n");
}

/** renderInstallObjects as YAML. */
export function renderInstallManifest(options: InstallOptions): string {
  return manifestYaml(renderInstallObjects(options));
}
