// Every resource and data source type of the provider.
import { resourceKinds } from "@trellis/protocol/resources";
import { meshDataSource } from "../data-sources/mesh.ts";
import { servicesDataSource } from "../data-sources/services.ts";
import { syncStatusDataSource } from "../data-sources/sync-status.ts";
import { apiTokenResource } from "../resources/api-token.ts";
import { clusterResource } from "../resources/cluster.ts";
import { memberResource } from "../resources/member.ts";
import { meshResource } from "../resources/mesh.ts";
import { meshResourceType } from "../resources/mesh-resource.ts";
import type { DataSourceType, ResourceType } from "../resources/resource-type.ts";
import { webhookResource } from "../resources/webhook.ts";

export interface Registry {
  resources: Map<string, ResourceType>;
  dataSources: Map<string, DataSourceType>;
}

export function buildRegistry(): Registry {
  // MeshSettings is the `settings` block of trellis_mesh: a second resource for it would
  // let two Terraform objects fight over one API object.
  const kinds = resourceKinds.filter((k) => k !== "MeshSettings");
  const resources = [
    meshResource,
    clusterResource,
    ...kinds.map(meshResourceType),
    apiTokenResource,
    memberResource,
    webhookResource,
  ];
  const dataSources = [meshDataSource, servicesDataSource, syncStatusDataSource];
  return {
    resources: new Map(resources.map((r) => [r.name, r])),
    dataSources: new Map(dataSources.map((d) => [d.name, d])),
  };
}
