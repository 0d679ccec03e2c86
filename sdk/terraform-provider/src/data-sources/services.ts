// data "trellis_services": the services the mesh's connectors discovered.

import { listOf, objectOf } from "../cty/types.ts";
import { knownString } from "../resources/plan-helpers.ts";
import type { DataSourceType } from "../resources/resource-type.ts";
import { attr } from "../schema/model.ts";

const serviceType = objectOf({
  name: "string",
  namespace: "string",
  endpoints: "number",
  updated_at: "string",
  clusters: listOf(objectOf({ cluster: "string", endpoints: "number" })),
  ports: listOf(objectOf({ port: "number", protocol: "string", name: "string" })),
});

export const servicesDataSource: DataSourceType = {
  name: "trellis_services",
  schema: {
    description: "Lists the services discovered in a mesh, with their endpoints per cluster.",
    attributes: [
      attr.required("mesh", "string", "The mesh."),
      attr.computed("id", "string", "The mesh's name."),
      attr.computed("services", listOf(serviceType), "Every discovered service."),
    ],
    blocks: [],
  },
  validate: () => [],
  async read(ctx, config) {
    const mesh = knownString(config.mesh)!;
    const services = await ctx.client.services(mesh).listAll({ signal: ctx.signal });
    return {
      mesh,
      id: mesh,
      services: services.map((s) => ({
        name: s.name,
        namespace: s.namespace,
        endpoints: s.endpoints,
        updated_at: s.updatedAt,
        clusters: s.clusters.map((c) => ({ cluster: c.cluster, endpoints: c.endpoints })),
        ports: s.ports.map((p) => ({ port: p.port, protocol: p.protocol, name: p.name ?? null })),
      })),
    };
  },
};
