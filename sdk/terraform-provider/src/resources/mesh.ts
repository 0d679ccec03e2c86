// trellis_mesh: a mesh with its description and settings (the `settings` block is the
// mesh's MeshSettings, derived from its zod schema like every mesh resource kind).
import { createMeshInputSchema, type Mesh } from "@trellis/protocol/api";
import { dnsLabelSchema } from "@trellis/protocol/names";
import { fieldErrorsFromZod, meshSettingsSpecSchema } from "@trellis/protocol/resources";
import { PreconditionFailedError, type WithEtag } from "@trellis/sdk";
import { isObjectValue, type ObjectValue } from "../cty/value.ts";
import {
  type Diagnostic,
  DiagnosticError,
  errorDiagnostic,
  invalidAttribute,
} from "../provider/diagnostics.ts";
import { attr, type Block } from "../schema/model.ts";
import { specBlock } from "../schema/spec-block.ts";
import { specFromValue, valueFromSpec, withDefaults } from "../schema/spec-codec.ts";
import { specFields } from "../schema/spec-fields.ts";
import { checkSpec } from "../schema/validate-spec.ts";
import { ignoreNotFound } from "./not-found.ts";
import { completeObject, knownString, replaceOnChange, settleComputed } from "./plan-helpers.ts";
import type { ApiContext, ResourceType } from "./resource-type.ts";
import { sameSpec } from "./same-spec.ts";

export const meshSettingsFields = specFields(meshSettingsSpecSchema);
const settingsBlock = specBlock(
  meshSettingsFields,
  "The mesh's settings (MeshSettings): mTLS, certificates, CA, egress, default policy.",
);
const computed = ["id", "trust_domain", "config_version", "etag"];

const block: Block = {
  description: "A mesh: a trust domain with its clusters, services and configuration.",
  attributes: [
    attr.computed("id", "string", "The mesh's name (the import id)."),
    attr.required("name", "string", "The mesh's name, a DNS label. Changing it creates a new mesh."),
    attr.optionalComputed("description", "string", 'A description. Default: `""`.'),
    attr.computed("trust_domain", "string", "The mesh's SPIFFE trust domain."),
    attr.computed("config_version", "number", "Bumped by every configuration change of the mesh."),
    attr.computed("etag", "string", "The API's ETag of the mesh when Terraform last read or wrote it."),
  ],
  blocks: [{ name: "settings", nesting: "single", block: settingsBlock, minItems: 0, maxItems: 1 }],
};

const settingsOf = (config: ObjectValue) => (isObjectValue(config.settings) ? config.settings : null);

function check(config: ObjectValue) {
  const diagnostics: Diagnostic[] = [];
  const name = knownString(config.name);
  if (name !== undefined) {
    const r = dnsLabelSchema.safeParse(name);
    if (!r.success)
      diagnostics.push(...fieldErrorsFromZod(r.error).map((e) => invalidAttribute(["name"], e.detail)));
  }
  const description = knownString(config.description);
  if (description !== undefined) {
    const r = createMeshInputSchema.shape.description.safeParse(description);
    if (!r.success)
      diagnostics.push(
        ...fieldErrorsFromZod(r.error).map((e) => invalidAttribute(["description"], e.detail)),
      );
  }
  const settings = settingsOf(config);
  const checked = settings
    ? checkSpec(meshSettingsFields, settings, (s) => validateSettings(s), ["settings"])
    : { spec: {}, complete: true, diagnostics: [] };
  return { ...checked, diagnostics: [...diagnostics, ...checked.diagnostics] };
}

function validateSettings(spec: unknown) {
  const r = meshSettingsSpecSchema.safeParse(spec);
  return r.success ? [] : fieldErrorsFromZod(r.error);
}

function stateOf(mesh: WithEtag<Mesh>, settings: ObjectValue | null): ObjectValue {
  return completeObject(block, {
    id: mesh.name,
    name: mesh.name,
    description: mesh.description,
    trust_domain: mesh.trustDomain,
    config_version: mesh.configVersion,
    etag: mesh.etag,
    settings,
  });
}

/** The settings block of the stored settings, shaped like the state's (absent while they are the defaults). */
function settingsValue(stored: Mesh["settings"], prior: ObjectValue | null): ObjectValue | null {
  const priorSpec = prior ? specFromValue(meshSettingsFields, prior).spec : {};
  // Unchanged (or, with no settings block, still the defaults): keep the state's shape.
  if (sameSpec(meshSettingsSpecSchema, priorSpec, stored)) return prior;
  return valueFromSpec(meshSettingsFields, stored as Record<string, unknown>, prior);
}

/**
 * PATCH with the mesh's ETag, after checking that the mesh's own fields are still what
 * Terraform last read. The ETag alone cannot say so: it is the config version, which moves
 * with every resource of the mesh and not with the description.
 */
async function update(ctx: ApiContext, prior: ObjectValue, config: ObjectValue): Promise<ObjectValue> {
  const name = knownString(prior.name)!;
  const input = {
    description: knownString(config.description) ?? "",
    // Without a settings block, the mesh goes back to the default settings.
    settings: meshSettingsSpecSchema.parse(specFromValue(meshSettingsFields, settingsOf(config) ?? {}).spec),
  };
  for (let attempt = 1; ; attempt++) {
    const current = await ctx.client.meshes.get(name, { signal: ctx.signal });
    assertUnchangedSince(prior, current);
    try {
      const mesh = await ctx.client.meshes.update(name, input, { ifMatch: current.etag, signal: ctx.signal });
      return stateOf(mesh, withSettingsDefaults(config, mesh.settings));
    } catch (err) {
      // A resource of the mesh changed between the read and the write: read again, once.
      if (!(err instanceof PreconditionFailedError) || attempt >= 2) throw err;
    }
  }
}

function assertUnchangedSince(prior: ObjectValue, current: WithEtag<Mesh>): void {
  const changed: string[] = [];
  if (current.description !== prior.description)
    changed.push(
      `description is now ${JSON.stringify(current.description)} (Terraform last read ${JSON.stringify(prior.description)})`,
    );
  const priorSettings = specFromValue(meshSettingsFields, settingsOf(prior) ?? {}).spec;
  if (!sameSpec(meshSettingsSpecSchema, priorSettings, current.settings))
    changed.push("its settings changed");
  if (changed.length === 0) return;
  throw new DiagnosticError([
    errorDiagnostic(
      "Could not update trellis_mesh: it was changed outside Terraform",
      `Mesh ${current.name}: ${changed.join("; ")}. Terraform does not overwrite a change it has not seen: run \`terraform plan\` again to see the change, then apply.`,
    ),
  ]);
}

const withSettingsDefaults = (config: ObjectValue, stored: Mesh["settings"]) => {
  const settings = settingsOf(config);
  return settings ? withDefaults(meshSettingsFields, settings, stored as Record<string, unknown>) : null;
};

export const meshResource: ResourceType = {
  name: "trellis_mesh",
  schema: block,
  validate: (config) => check(config).diagnostics,
  plan({ prior, proposed, config }) {
    const checked = check(config);
    if (checked.diagnostics.length > 0) return { planned: proposed, diagnostics: checked.diagnostics };
    const settings = settingsOf(config);
    const parsed = settings && checked.complete ? meshSettingsSpecSchema.safeParse(checked.spec) : undefined;
    const planned = settleComputed(
      {
        ...proposed,
        description: config.description ?? "",
        settings: settings
          ? withDefaults(meshSettingsFields, settings, parsed?.success ? parsed.data : undefined)
          : null,
      },
      prior,
      { computed, stable: ["id", "trust_domain"] },
    );
    if (planned !== prior) planned.id = config.name ?? null;
    return { planned, requiresReplace: replaceOnChange(prior, planned, ["name"]) };
  },
  async create(ctx, _planned, config) {
    const settings = settingsOf(config);
    const mesh = await ctx.client.meshes.create(
      {
        name: knownString(config.name)!,
        description: knownString(config.description) ?? "",
        ...(settings
          ? { settings: meshSettingsSpecSchema.parse(specFromValue(meshSettingsFields, settings).spec) }
          : {}),
      },
      { signal: ctx.signal },
    );
    return stateOf(mesh, withSettingsDefaults(config, mesh.settings));
  },
  update: (ctx, prior, _planned, config) => update(ctx, prior, config),
  async delete(ctx, prior) {
    await ctx.client.meshes.delete(knownString(prior.name)!, { signal: ctx.signal }).catch(ignoreNotFound);
    return [];
  },
  async read(ctx, state) {
    const mesh = await ctx.client.meshes
      .get(knownString(state.name)!, { signal: ctx.signal })
      .catch(ignoreNotFound);
    return mesh ? stateOf(mesh, settingsValue(mesh.settings, settingsOf(state))) : null;
  },
  importState: (id) => completeObject(block, { id, name: id }),
  pathOfPointer: (pointer) =>
    pointer === "/name" ? ["name"] : pointer === "/description" ? ["description"] : undefined,
};
