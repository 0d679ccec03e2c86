// data "trellis_mesh": a mesh by name, its settings as one read-only object.
import { dnsLabelSchema } from "@trellis/protocol/names";
import { fieldErrorsFromZod } from "@trellis/protocol/resources";
import { invalidAttribute } from "../provider/diagnostics.ts";
import { meshSettingsFields } from "../resources/mesh.ts";
import { knownString } from "../resources/plan-helpers.ts";
import type { DataSourceType } from "../resources/resource-type.ts";
import { attr } from "../schema/model.ts";
import { specObjectType } from "../schema/spec-block.ts";
import { valueFromSpec } from "../schema/spec-codec.ts";

export const meshDataSource: DataSourceType = {
  name: "trellis_mesh",
  schema: {
    description: "Reads a mesh by name.",
    attributes: [
      attr.required("name", "string", "The mesh's name."),
      attr.computed("id", "string", "The mesh's name."),
      attr.computed("mesh_id", "string", "The API's id of the mesh (`mesh_…`)."),
      attr.computed("description", "string", "The description."),
      attr.computed("trust_domain", "string", "The mesh's SPIFFE trust domain."),
      attr.computed("config_version", "number", "The mesh's configuration version."),
      attr.computed(
        "settings",
        specObjectType(meshSettingsFields),
        "The mesh's settings, every default spelled out.",
      ),
    ],
    blocks: [],
  },
  validate(config) {
    const name = knownString(config.name);
    const r = name === undefined ? undefined : dnsLabelSchema.safeParse(name);
    return r && !r.success
      ? fieldErrorsFromZod(r.error).map((e) => invalidAttribute(["name"], e.detail))
      : [];
  },
  async read(ctx, config) {
    const m = await ctx.client.meshes.get(knownString(config.name)!, { signal: ctx.signal });
    return {
      name: m.name,
      id: m.name,
      mesh_id: m.id,
      description: m.description,
      trust_domain: m.trustDomain,
      config_version: m.configVersion,
      settings: valueFromSpec(meshSettingsFields, m.settings as Record<string, unknown>, null),
    };
  },
};
