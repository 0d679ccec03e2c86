// The plugin protocol as grpc-js sees it: one package definition for Terraform's
// tfplugin6 service, go-plugin's own services and gRPC health, plus the message types.
import { fromJSON, type PackageDefinition } from "@grpc/proto-loader";
import { pluginDescriptor } from "./generated/descriptor.ts";
import { loaderOptions } from "./loader-options.ts";

export type { AttributePath__Input as AttributePathInput } from "./generated/types/tfplugin6/AttributePath.ts";
export type { Diagnostic__Input as DiagnosticInput } from "./generated/types/tfplugin6/Diagnostic.ts";
export type {
  DynamicValue,
  DynamicValue__Input as DynamicValueInput,
} from "./generated/types/tfplugin6/DynamicValue.ts";
export type { RawState } from "./generated/types/tfplugin6/RawState.ts";
export type { Schema__Input as SchemaInput } from "./generated/types/tfplugin6/Schema.ts";

/** The package definition of every service the plugin serves. */
export function pluginPackageDefinition(): PackageDefinition {
  return fromJSON(pluginDescriptor as unknown as Parameters<typeof fromJSON>[0], loaderOptions);
}

/** Fully-qualified service names, for `grpc.Server#addService`. */
export const serviceNames = {
  provider: "tfplugin6.Provider",
  controller: "plugin.GRPCController",
  stdio: "plugin.GRPCStdio",
  broker: "plugin.GRPCBroker",
  health: "grpc.health.v1.Health",
} as const;
