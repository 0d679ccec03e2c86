// trellis_cluster: a cluster of a mesh and the one-time join token its connector presents.
// The API shows the token only when the cluster is created, so it is kept in state as it
// was then (sensitive) and never read back; an imported cluster has none.
import type { Cluster } from "@trellis/protocol/api";
import { dnsLabelSchema } from "@trellis/protocol/names";
import { fieldErrorsFromZod } from "@trellis/protocol/resources";
import type { ObjectValue } from "../cty/value.ts";
import { type Diagnostic, errorDiagnostic, invalidAttribute } from "../provider/diagnostics.ts";
import { attr, type Block } from "../schema/model.ts";
import { ignoreNotFound } from "./not-found.ts";
import { completeObject, knownString, replaceOnChange, settleComputed, splitPair } from "./plan-helpers.ts";
import type { ResourceType } from "./resource-type.ts";

const computed = [
  "id",
  "cluster_id",
  "join_token",
  "join_token_expires_at",
  "connected",
  "connector_version",
  "created_at",
];

const block: Block = {
  description: "A cluster of a mesh: where one connector runs. Its join token installs the connector.",
  attributes: [
    attr.computed("id", "string", "`<mesh>/<name>`, the import id."),
    attr.required("mesh", "string", "The mesh. Changing it creates a new cluster."),
    attr.required("name", "string", "The cluster's name, a DNS label. Changing it creates a new cluster."),
    attr.computed("cluster_id", "string", "The API's id of the cluster (`clu_…`)."),
    {
      ...attr.computed(
        "join_token",
        "string",
        "The one-time join token for the connector, set once when the cluster is created (null after an import).",
      ),
      sensitive: true,
    },
    attr.computed("join_token_expires_at", "string", "When the join token stops working (RFC 3339)."),
    attr.computed("connected", "bool", "Whether the cluster's connector holds a tunnel now."),
    attr.computed("connector_version", "string", "The version of the connector, once one connected."),
    attr.computed("created_at", "string", "When the cluster was created (RFC 3339)."),
  ],
  blocks: [],
};

function stateOf(
  c: Cluster,
  mesh: string,
  token: { join_token: string | null; join_token_expires_at: string | null },
) {
  return completeObject(block, {
    id: `${mesh}/${c.name}`,
    mesh,
    name: c.name,
    cluster_id: c.id,
    connected: c.connected,
    connector_version: c.connectorVersion,
    created_at: c.createdAt,
    ...token,
  });
}

function validate(config: ObjectValue): Diagnostic[] {
  return (["mesh", "name"] as const).flatMap((a) => {
    const v = knownString(config[a]);
    if (v === undefined) return [];
    const r = dnsLabelSchema.safeParse(v);
    return r.success ? [] : fieldErrorsFromZod(r.error).map((e) => invalidAttribute([a], e.detail));
  });
}

export const clusterResource: ResourceType = {
  name: "trellis_cluster",
  schema: block,
  validate,
  plan({ prior, proposed, config }) {
    const diagnostics = validate(config);
    if (diagnostics.length > 0) return { planned: proposed, diagnostics };
    const planned = settleComputed(proposed, prior, { computed, stable: computed });
    return { planned, requiresReplace: replaceOnChange(prior, planned, ["mesh", "name"]) };
  },
  async create(ctx, _planned, config) {
    const mesh = knownString(config.mesh)!;
    const created = await ctx.client.clusters(mesh).create(knownString(config.name)!, { signal: ctx.signal });
    return stateOf(created.cluster, mesh, {
      join_token: created.joinToken.token,
      join_token_expires_at: created.joinToken.expiresAt,
    });
  },
  async update(_ctx, prior) {
    return prior; // nothing of a cluster changes in place
  },
  async delete(ctx, prior) {
    await ctx.client
      .clusters(knownString(prior.mesh)!)
      .delete(knownString(prior.name)!, { signal: ctx.signal })
      .catch(ignoreNotFound);
    return [];
  },
  async read(ctx, state) {
    const mesh = knownString(state.mesh)!;
    const c = await ctx.client
      .clusters(mesh)
      .get(knownString(state.name)!, { signal: ctx.signal })
      .catch(ignoreNotFound);
    if (!c) return null;
    return stateOf(c, mesh, {
      join_token: knownString(state.join_token) ?? null,
      join_token_expires_at: knownString(state.join_token_expires_at) ?? null,
    });
  },
  importState(id) {
    const pair = splitPair(id);
    if (!pair) return errorDiagnostic("Invalid import id", `import a cluster as <mesh>/<name>, got "${id}"`);
    return completeObject(block, { id, mesh: pair[0], name: pair[1] });
  },
};
