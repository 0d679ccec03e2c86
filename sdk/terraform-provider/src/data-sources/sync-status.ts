// data "trellis_sync_status": which config version each cluster and proxy of a mesh runs.

import { listOf, objectOf } from "../cty/types.ts";
import { knownString } from "../resources/plan-helpers.ts";
import type { DataSourceType } from "../resources/resource-type.ts";
import { attr } from "../schema/model.ts";

const clusterType = objectOf({
  cluster: "string",
  connected: "bool",
  desired_version: "number",
  applied_version: "number",
  in_sync: "bool",
  lagging_since: "string",
  last_nack_error: "string",
});
const proxyType = objectOf({
  proxy: "string",
  cluster: "string",
  service: "string",
  desired_version: "number",
  applied_version: "number",
  in_sync: "bool",
  lagging_since: "string",
});

export const syncStatusDataSource: DataSourceType = {
  name: "trellis_sync_status",
  schema: {
    description:
      "The sync status of a mesh: the desired config version and what each cluster and proxy applied.",
    attributes: [
      attr.required("mesh", "string", "The mesh."),
      attr.computed("id", "string", "The mesh's name."),
      attr.computed("desired_version", "number", "The config version the mesh's resources compile to."),
      attr.computed("in_sync", "bool", "True when every cluster and proxy runs the desired version."),
      attr.computed("clusters", listOf(clusterType), "Per cluster (connector)."),
      attr.computed("proxies", listOf(proxyType), "Per proxy."),
    ],
    blocks: [],
  },
  validate: () => [],
  async read(ctx, config) {
    const mesh = knownString(config.mesh)!;
    const s = await ctx.client.sync(mesh).get({ signal: ctx.signal });
    return {
      mesh,
      id: mesh,
      desired_version: s.desiredVersion,
      in_sync: s.inSync,
      clusters: s.clusters.map((c) => ({
        cluster: c.cluster,
        connected: c.connected,
        desired_version: c.desiredVersion,
        applied_version: c.appliedVersion,
        in_sync: c.inSync,
        lagging_since: c.laggingSince,
        last_nack_error: c.lastNack?.error ?? null,
      })),
      proxies: s.proxies.map((p) => ({
        proxy: p.proxy,
        cluster: p.cluster,
        service: p.service,
        desired_version: p.desiredVersion,
        applied_version: p.appliedVersion,
        in_sync: p.inSync,
        lagging_since: p.laggingSince,
      })),
    };
  },
};
