import { gatewayApiRouteCrds, resourceCrds } from "../crds/resource-crds.ts";
import type { InstallCondition, InstallSettings } from "./install-settings.ts";
import type { KubeObject } from "./kube-object.ts";
import { connectorConfigMap, connectorService, connectorStatefulSet } from "./objects/connector.ts";
import {
  connectorClusterRole,
  connectorClusterRoleBinding,
  connectorServiceAccount,
  installNamespaceObject,
  joinTokenSecret,
} from "./objects/connector-access.ts";
import {
  injectorService,
  injectorTlsSecret,
  injectorWebhookConfiguration,
} from "./objects/injector-webhook.ts";

/**
 * One document of the install. `when`: only present if that condition holds. `file`: its
 * name in the chart's templates and the kustomize base. `namespace`: the Namespace object,
 * which the chart leaves to `helm install --create-namespace`.
 */
export interface InstallDocument {
  file: string;
  object: KubeObject;
  when?: InstallCondition;
  namespaceObject?: boolean;
}

/**
 * Every object of a Trellis install, in apply order (CRDs and the namespace first, the
 * webhook last, so it is never called before the connector that serves it exists).
 * The CRDs' schemas are generated from the zod schemas on every call.
 */
export function installDocuments(s: InstallSettings): InstallDocument[] {
  const crds = resourceCrds().map((object) => ({ file: `crd-${object.metadata.name}.yaml`, object }));
  const gateway = gatewayApiRouteCrds().map((object) => ({
    file: `crd-${object.metadata.name}.yaml`,
    object,
    when: "gatewayApiCrds" as const,
  }));
  return [
    { file: "namespace.yaml", object: installNamespaceObject(s), namespaceObject: true },
    ...crds,
    ...gateway,
    { file: "connector-serviceaccount.yaml", object: connectorServiceAccount(s) },
    { file: "connector-clusterrole.yaml", object: connectorClusterRole() },
    { file: "connector-clusterrolebinding.yaml", object: connectorClusterRoleBinding(s) },
    { file: "connector-configmap.yaml", object: connectorConfigMap(s) },
    { file: "join-token-secret.yaml", object: joinTokenSecret(s), when: "joinTokenSecret" },
    { file: "injector-tls-secret.yaml", object: injectorTlsSecret(s), when: "injectorTlsSecret" },
    { file: "connector-service.yaml", object: connectorService(s) },
    { file: "injector-service.yaml", object: injectorService(s) },
    { file: "connector-statefulset.yaml", object: connectorStatefulSet(s, { injector: true }) },
    { file: "injector-webhook.yaml", object: injectorWebhookConfiguration(s) },
  ];
}
