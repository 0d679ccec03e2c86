// Every RPC of tfplugin6.Provider, by its proto name, for the plugin's gRPC server.
import { readDynamicValue } from "../cty/dynamic-value.ts";
import { isObjectValue } from "../cty/value.ts";
import type { Logger } from "../plugin/log.ts";
import type { ProviderHandlers } from "../plugin/serve.ts";
import type { DynamicValue } from "../protocol/index.ts";
import { blockType, schemaToProto } from "../schema/model.ts";
import { configureProvider, providerSchema, validateProviderConfig } from "./config.ts";
import { errorDiagnostic, toProtoDiagnostics } from "./diagnostics.ts";
import { ProviderState } from "./provider-state.ts";
import type { Registry } from "./registry.ts";
import { resourceRpcs } from "./resource-rpcs.ts";

const capabilities = { planDestroy: false, getProviderSchemaOptional: false, moveResourceState: false };

export function providerHandlers(
  registry: Registry,
  env: Record<string, string | undefined>,
  log: Logger,
): ProviderHandlers {
  const state = new ProviderState(registry);
  const providerType = blockType(providerSchema);
  const none = (what: string) => async () => ({
    diagnostics: toProtoDiagnostics([
      errorDiagnostic(`${what} are not supported`, `terraform-provider-trellis has no ${what}.`),
    ]),
  });

  const handlers = {
    async GetMetadata() {
      return {
        serverCapabilities: capabilities,
        resources: [...registry.resources.keys()].map((typeName) => ({ typeName })),
        dataSources: [...registry.dataSources.keys()].map((typeName) => ({ typeName })),
        diagnostics: [],
      };
    },
    async GetProviderSchema() {
      const schemas = <T extends { schema: Parameters<typeof schemaToProto>[0] }>(m: Map<string, T>) =>
        Object.fromEntries([...m].map(([name, r]) => [name, schemaToProto(r.schema)]));
      return {
        provider: schemaToProto(providerSchema),
        resourceSchemas: schemas(registry.resources),
        dataSourceSchemas: schemas(registry.dataSources),
        serverCapabilities: capabilities,
        diagnostics: [],
      };
    },
    async ValidateProviderConfig(req: { config: DynamicValue | null }) {
      const config = readDynamicValue(providerType, req.config);
      return { diagnostics: toProtoDiagnostics(isObjectValue(config) ? validateProviderConfig(config) : []) };
    },
    async ConfigureProvider(req: { terraformVersion: string; config: DynamicValue | null }) {
      const config = readDynamicValue(providerType, req.config);
      const result = await configureProvider(isObjectValue(config) ? config : {}, env, req.terraformVersion);
      state.client = result.client;
      log("debug", "provider configured", { ok: Boolean(result.client), terraform: req.terraformVersion });
      return { diagnostics: toProtoDiagnostics(result.diagnostics) };
    },
    async StopProvider() {
      state.stopAll();
      return { Error: "" };
    },
    ...resourceRpcs(state),
    MoveResourceState: none("moved blocks between resource types"),
    ValidateEphemeralResourceConfig: none("ephemeral resources"),
    OpenEphemeralResource: none("ephemeral resources"),
    RenewEphemeralResource: none("ephemeral resources"),
    CloseEphemeralResource: none("ephemeral resources"),
    async GetFunctions() {
      return { functions: {}, diagnostics: [] };
    },
    async CallFunction(req: { name: string }) {
      return { error: { text: `terraform-provider-trellis has no function ${req.name}` } };
    },
  };
  return handlers as unknown as ProviderHandlers;
}
