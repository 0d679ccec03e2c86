// One Terraform resource per mesh resource kind (`trellis_http_route`, …), its attributes
// and blocks derived from the kind's zod schema. Writes use the resource's ETag: a create
// must not overwrite an existing object (If-None-Match: *), an update or delete only
// applies to the version Terraform read (If-Match).
import { dnsLabelSchema, resourceNameSchema } from "@trellis/protocol/names";
import {
  fieldErrorsFromZod,
  type ResourceKind,
  resourceSpecSchemas,
  validateResourceSpec,
} from "@trellis/protocol/resources";
import { PreconditionFailedError } from "@trellis/sdk";
import { type ObjectValue, unknown } from "../cty/value.ts";
import {
  type Diagnostic,
  DiagnosticError,
  errorDiagnostic,
  invalidAttribute,
} from "../provider/diagnostics.ts";
import { attr, type Block } from "../schema/model.ts";
import { snakeCase } from "../schema/naming.ts";
import { specBlock } from "../schema/spec-block.ts";
import { pathOfPointer, specFromValue, valueFromSpec, withDefaults } from "../schema/spec-codec.ts";
import { type SpecField, specFields } from "../schema/spec-fields.ts";
import { checkSpec } from "../schema/validate-spec.ts";
import { ignoreNotFound } from "./not-found.ts";
import { completeObject, knownString, replaceOnChange, settleComputed, splitPair } from "./plan-helpers.ts";
import type { ApiContext, ResourceType } from "./resource-type.ts";
import { sameSpec } from "./same-spec.ts";

const computed = ["id", "etag", "generation"];

/** `HTTPRoute` → `trellis_http_route`. */
export const resourceTypeName = (kind: ResourceKind) => `trellis_${snakeCase(kind)}`;

export function meshResourceType(kind: ResourceKind): ResourceType {
  const schema = resourceSpecSchemas[kind];
  const fields = specFields(schema);
  const spec = specBlock(fields);
  const base = [
    attr.computed("id", "string", "`<mesh>/<name>`, the import id."),
    attr.required("mesh", "string", "The mesh this resource belongs to. Changing it creates a new resource."),
    attr.required("name", "string", "The resource's name in its mesh. Changing it creates a new resource."),
    attr.computed("etag", "string", "The API's ETag of the version Terraform last wrote or read."),
    attr.computed("generation", "number", "Bumped by the API on every change of the spec."),
  ];
  const clash = spec.attributes
    .concat(spec.blocks as never[])
    .find((a) => base.some((b) => b.name === a.name));
  if (clash) throw new Error(`${kind}: the spec field "${clash.name}" clashes with a resource attribute`);
  const block: Block = {
    description: `A ${kind} of a mesh, validated at plan time with the same rules as the API.`,
    attributes: [...base, ...spec.attributes],
    blocks: spec.blocks,
  };

  const check = (config: ObjectValue) => {
    const name = knownString(config.name);
    const nameErrors: Diagnostic[] = [];
    const checked = checkSpec(fields, config, (s) => {
      const r = validateResourceSpec(kind, name ?? "placeholder", s);
      if (r.ok) return [];
      for (const e of r.errors)
        if (e.pointer === "/name" && name) nameErrors.push(invalidAttribute(["name"], e.detail));
      return r.errors
        .filter((e) => e.pointer.startsWith("/spec"))
        .map((e) => ({ ...e, pointer: e.pointer.slice(5) }));
    });
    return { ...checked, diagnostics: [...namesOf(config), ...nameErrors, ...checked.diagnostics] };
  };

  const stateOf = (
    mesh: string,
    name: string,
    values: ObjectValue,
    res: { etag: string; generation: number },
  ) =>
    completeObject(block, {
      ...values,
      id: `${mesh}/${name}`,
      mesh,
      name,
      etag: res.etag,
      generation: res.generation,
    });

  const write = async (ctx: ApiContext, config: ObjectValue, ifMatch: string | undefined) => {
    const mesh = knownString(config.mesh)!;
    const name = knownString(config.name)!;
    const body = specFromValue(fields, config).spec;
    const routes = ctx.client.resources(mesh);
    const res = ifMatch
      ? await routes.put(kind, name, body as never, { ifMatch, signal: ctx.signal })
      : await routes.create(kind, name, body as never, { signal: ctx.signal }).catch((err: unknown) => {
          if (!(err instanceof PreconditionFailedError)) throw err;
          throw new DiagnosticError([
            errorDiagnostic(
              `${kind} ${name} already exists in mesh ${mesh}`,
              `${err.detail}. Terraform creates only what does not exist yet: adopt the existing one with \`terraform import ${resourceTypeName(kind)}.<name> ${mesh}/${name}\` (or an import block).`,
            ),
          ]);
        });
    return stateOf(mesh, name, withDefaults(fields, config, res.spec), res);
  };

  return {
    name: resourceTypeName(kind),
    schema: block,
    validate: (config) => check(config).diagnostics,
    plan({ prior, proposed, config }) {
      const checked = check(config);
      if (checked.diagnostics.length > 0) return { planned: proposed, diagnostics: checked.diagnostics };
      const parsed = checked.complete ? schema.safeParse(checked.spec) : undefined;
      const values = withDefaults(
        fields,
        config,
        parsed?.success ? (parsed.data as Record<string, unknown>) : undefined,
      );
      const mesh = knownString(config.mesh);
      const name = knownString(config.name);
      const planned = settleComputed({ ...proposed, ...values }, prior, { computed, stable: ["id"] });
      if (planned !== prior) planned.id = mesh && name ? `${mesh}/${name}` : unknown();
      return { planned, requiresReplace: replaceOnChange(prior, planned, ["mesh", "name"]) };
    },
    create: (ctx, _planned, config) => write(ctx, config, undefined),
    update: (ctx, prior, _planned, config) => write(ctx, config, knownString(prior.etag) ?? "*"),
    async delete(ctx, prior) {
      const mesh = knownString(prior.mesh)!;
      await ctx.client
        .resources(mesh)
        .delete(kind, knownString(prior.name)!, { ifMatch: knownString(prior.etag), signal: ctx.signal })
        .catch(ignoreNotFound);
      return [];
    },
    async read(ctx, state) {
      const mesh = knownString(state.mesh)!;
      const name = knownString(state.name)!;
      const res = await ctx.client
        .resources(mesh)
        .get(kind, name, { signal: ctx.signal })
        .catch(ignoreNotFound);
      if (!res) return null;
      // Drift: compare what the state means (after the API's defaults) with what is stored.
      const unchanged = sameSpec(schema, specFromValue(fields, state).spec, res.spec);
      return stateOf(mesh, name, unchanged ? state : valueFromSpec(fields, res.spec, state), res);
    },
    importState(id) {
      const pair = splitPair(id);
      if (!pair)
        return errorDiagnostic("Invalid import id", `import a ${kind} as <mesh>/<name>, got "${id}"`);
      return completeObject(block, { id, mesh: pair[0], name: pair[1] });
    },
    pathOfPointer: (pointer) => specPathOf(fields, pointer),
  };
}

function namesOf(config: ObjectValue): Diagnostic[] {
  const out: Diagnostic[] = [];
  const mesh = knownString(config.mesh);
  if (mesh !== undefined) {
    const r = dnsLabelSchema.safeParse(mesh);
    if (!r.success) out.push(...fieldErrorsFromZod(r.error).map((e) => invalidAttribute(["mesh"], e.detail)));
  }
  const name = knownString(config.name);
  if (name !== undefined) {
    const r = resourceNameSchema.safeParse(name);
    if (!r.success) out.push(...fieldErrorsFromZod(r.error).map((e) => invalidAttribute(["name"], e.detail)));
  }
  return out;
}

/** A 422 pointer (`/spec/rules/0/…`, `/name`) → the attribute. */
function specPathOf(fields: SpecField[], pointer: string) {
  if (pointer === "/name") return ["name"];
  if (!pointer.startsWith("/spec")) return undefined;
  const { path } = pathOfPointer(fields, pointer.slice(5));
  return path.length > 0 ? path : undefined;
}
