import { defaultImages, ports } from "./kubernetes/constants.ts";
import { settingsFromValues } from "./kubernetes/install-settings.ts";
import { InstallValuesError, installNamespace, parseInstallValues } from "./kubernetes/install-values.ts";
import {
  connectorConfigMap,
  connectorService,
  connectorStatefulSet,
} from "./kubernetes/objects/connector.ts";
import {
  connectorClusterRole,
  connectorClusterRoleBinding,
  connectorServiceAccount,
  installNamespaceObject,
  joinTokenSecret,
} from "./kubernetes/objects/connector-access.ts";
import { manifestYaml } from "./kubernetes/render-install.ts";

/**
 * The connector alone (no injector, no CRDs), rendered with its join token: the manifest
 * the console's onboarding shows. Built from the same objects as the full install
 * (`renderInstallManifest`, `trellis install`, the Helm chart), so the two cannot drift.
 */
export interface ConnectorManifestInput {
  /** Where the connector dials, e.g. `https://tunnel.trellis.dev:8443`. */
  tunnelUrl: string;
  joinToken: string;
  clusterName: string;
  image?: string;
  namespace?: string;
}

export const defaultConnectorImage = defaultImages.connector;
/** The port proxies in the cluster dial for config and certificates. */
export const connectorProxyPort = ports.connectorProxyControl;
export const connectorAdminPort = ports.connectorAdmin;

export function renderConnectorManifest(input: ConnectorManifestInput): string {
  const values = parseInstallValues({
    controlPlane: { url: input.tunnelUrl },
    clusterName: input.clusterName,
    joinToken: { value: input.joinToken },
    ...(input.image ? { images: { connector: input.image } } : {}),
  });
  if (values.joinToken.value === "") throw new InstallValuesError("joinToken.value: required");
  const s = settingsFromValues(values, installNamespace(input));
  return manifestYaml([
    installNamespaceObject(s),
    connectorServiceAccount(s),
    connectorClusterRole({ full: false }),
    connectorClusterRoleBinding(s),
    connectorConfigMap(s),
    joinTokenSecret(s),
    connectorService(s),
    connectorStatefulSet(s, { injector: false }),
  ]);
}
