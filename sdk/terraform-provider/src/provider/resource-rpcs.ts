// The managed-resource and data-source RPCs of tfplugin6.Provider: decode the values with
// the type's schema, call the type, encode the answer. API failures become diagnostics and
// the state stays what it truly is (unchanged on a failed update, absent on a failed create).
import { readDynamicValue, writeDynamicValue } from "../cty/dynamic-value.ts";
import type { CtyType } from "../cty/types.ts";
import { isObjectValue, type ObjectValue, type Value } from "../cty/value.ts";
import { fromJson } from "../cty/wire.ts";
import type { DynamicValue, RawState } from "../protocol/index.ts";
import type { ApiContext, DataSourceType, ResourceType } from "../resources/resource-type.ts";
import { type Block, blockType } from "../schema/model.ts";
import { snakeCase } from "../schema/naming.ts";
import type { AttrPath } from "../schema/spec-codec.ts";
import { type Diagnostic, diagnosticsFromError, errorDiagnostic, toProtoDiagnostics } from "./diagnostics.ts";
import type { ProviderState } from "./provider-state.ts";

type Dv = DynamicValue | null;
const asObject = (v: Value): ObjectValue | null => (isObjectValue(v) ? v : null);
const steps = (path: AttrPath) => ({
  steps: path.map((s) => (typeof s === "number" ? { elementKeyInt: s } : { attributeName: s })),
});

/** `/expiresInDays` → `["expires_in_days"]` when the schema has that attribute. */
function topLevelPath(schema: Block) {
  return (pointer: string): AttrPath | undefined => {
    const name = snakeCase(pointer.slice(1));
    return /^\/[A-Za-z]+$/.test(pointer) && schema.attributes.some((a) => a.name === name)
      ? [name]
      : undefined;
  };
}

export function resourceRpcs(state: ProviderState) {
  const resource = (typeName: string) => state.registry.resources.get(typeName);
  const unknownType = (typeName: string) => ({
    diagnostics: toProtoDiagnostics([
      errorDiagnostic("Unknown resource type", `this provider has no ${typeName}`),
    ]),
  });

  /** Runs an API operation with the configured client; failures become diagnostics. */
  async function withApi<T>(
    r: ResourceType | DataSourceType,
    action: string,
    signal: AbortSignal,
    run: (ctx: ApiContext) => Promise<T>,
  ): Promise<{ value?: T; diagnostics: Diagnostic[] }> {
    const client = state.client;
    if (!client)
      return {
        diagnostics: [
          errorDiagnostic(
            "Provider not configured",
            "Terraform did not configure the trellis provider first.",
          ),
        ],
      };
    try {
      return { value: await run({ client, signal: state.signal(signal) }), diagnostics: [] };
    } catch (err) {
      const pathOf = ("pathOfPointer" in r ? r.pathOfPointer : undefined) ?? topLevelPath(r.schema);
      return { diagnostics: diagnosticsFromError(err, action, pathOf) };
    }
  }

  return {
    async ValidateResourceConfig(req: { typeName: string; config: Dv }) {
      const r = resource(req.typeName);
      if (!r) return unknownType(req.typeName);
      const config = asObject(readDynamicValue(blockType(r.schema), req.config));
      return { diagnostics: toProtoDiagnostics(config ? r.validate(config) : []) };
    },

    async UpgradeResourceState(req: { typeName: string; version: number; rawState: RawState | null }) {
      const r = resource(req.typeName);
      if (!r) return unknownType(req.typeName);
      const type = blockType(r.schema);
      if (req.version > 0 || !req.rawState?.json?.length) {
        const detail =
          req.version > 0
            ? `it was written with schema version ${req.version}; this provider knows version 0: use a newer provider`
            : "it is in the legacy flatmap format";
        return {
          diagnostics: toProtoDiagnostics([
            errorDiagnostic(`Cannot read the stored state of ${req.typeName}`, detail),
          ]),
        };
      }
      // Version 0 is current: attributes a later schema added start as null, removed ones are dropped.
      const value = fromJson(type, JSON.parse(Buffer.from(req.rawState.json).toString("utf8")));
      return { upgradedState: writeDynamicValue(type, value), diagnostics: [] };
    },

    async ReadResource(req: { typeName: string; currentState: Dv }, signal: AbortSignal) {
      const r = resource(req.typeName);
      if (!r) return unknownType(req.typeName);
      const type = blockType(r.schema);
      const current = asObject(readDynamicValue(type, req.currentState));
      if (!current) return { newState: writeDynamicValue(type, null), diagnostics: [] };
      const { value, diagnostics } = await withApi(r, `read ${req.typeName}`, signal, (ctx) =>
        r.read(ctx, current),
      );
      return {
        newState: writeDynamicValue(type, value === undefined ? current : value),
        diagnostics: toProtoDiagnostics(diagnostics),
      };
    },

    async PlanResourceChange(req: {
      typeName: string;
      priorState: Dv;
      proposedNewState: Dv;
      config: Dv;
      priorPrivate: Buffer;
    }) {
      const r = resource(req.typeName);
      if (!r) return unknownType(req.typeName);
      const type = blockType(r.schema);
      const proposed = asObject(readDynamicValue(type, req.proposedNewState));
      const config = asObject(readDynamicValue(type, req.config));
      if (!proposed || !config) return { plannedState: writeDynamicValue(type, null), diagnostics: [] };
      const prior = asObject(readDynamicValue(type, req.priorState));
      const plan = r.plan({ prior, proposed, config });
      return {
        plannedState: writeDynamicValue(type, plan.planned),
        requiresReplace: (plan.requiresReplace ?? []).map(steps),
        plannedPrivate: req.priorPrivate,
        diagnostics: toProtoDiagnostics(plan.diagnostics ?? []),
      };
    },

    async ApplyResourceChange(
      req: { typeName: string; priorState: Dv; plannedState: Dv; config: Dv },
      signal: AbortSignal,
    ) {
      const r = resource(req.typeName);
      if (!r) return unknownType(req.typeName);
      const type = blockType(r.schema);
      const prior = asObject(readDynamicValue(type, req.priorState));
      const planned = asObject(readDynamicValue(type, req.plannedState));
      const config = asObject(readDynamicValue(type, req.config));
      if (!planned) {
        const { value, diagnostics } = await withApi(r, `delete ${req.typeName}`, signal, (ctx) =>
          r.delete(ctx, prior!),
        );
        const gone = value !== undefined;
        return {
          newState: writeDynamicValue(type, gone ? null : prior),
          diagnostics: toProtoDiagnostics([...diagnostics, ...(value ?? [])]),
        };
      }
      const action = prior ? `update ${req.typeName}` : `create ${req.typeName}`;
      const { value, diagnostics } = await withApi(r, action, signal, (ctx) =>
        prior ? r.update(ctx, prior, planned, config!) : r.create(ctx, planned, config!),
      );
      return {
        newState: writeDynamicValue(type, value ?? prior),
        diagnostics: toProtoDiagnostics(diagnostics),
      };
    },

    async ImportResourceState(req: { typeName: string; id: string }) {
      const r = resource(req.typeName);
      if (!r) return unknownType(req.typeName);
      const imported = r.importState(req.id);
      if ("severity" in imported && "summary" in imported)
        return { diagnostics: toProtoDiagnostics([imported as unknown as Diagnostic]) };
      const type: CtyType = blockType(r.schema);
      return {
        importedResources: [
          { typeName: req.typeName, state: writeDynamicValue(type, imported as ObjectValue) },
        ],
        diagnostics: [],
      };
    },

    async ValidateDataResourceConfig(req: { typeName: string; config: Dv }) {
      const d = state.registry.dataSources.get(req.typeName);
      if (!d) return unknownType(req.typeName);
      const config = asObject(readDynamicValue(blockType(d.schema), req.config));
      return { diagnostics: toProtoDiagnostics(config ? d.validate(config) : []) };
    },

    async ReadDataSource(req: { typeName: string; config: Dv }, signal: AbortSignal) {
      const d = state.registry.dataSources.get(req.typeName);
      if (!d) return unknownType(req.typeName);
      const type = blockType(d.schema);
      const config = asObject(readDynamicValue(type, req.config))!;
      const { value, diagnostics } = await withApi(d, `read data.${req.typeName}`, signal, (ctx) =>
        d.read(ctx, config),
      );
      return { state: writeDynamicValue(type, value ?? null), diagnostics: toProtoDiagnostics(diagnostics) };
    },
  };
}
