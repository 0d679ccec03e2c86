import type { Options } from "@grpc/proto-loader";

/** The proto files of the plugin protocol, relative to `proto/`. */
export const protoFiles = ["tfplugin6.proto", "go-plugin.proto", "health.proto"];

/** How messages look in TypeScript: camelCase fields, numbers for 64-bit ints, string enums, Buffers for bytes. */
export const loaderOptions = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
} satisfies Options;
