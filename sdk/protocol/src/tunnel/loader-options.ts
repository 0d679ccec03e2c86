import type { Options } from "@grpc/proto-loader";

/** The proto files of the tunnel contract, relative to `proto/`. */
export const protoFiles = ["trellis/tunnel/v1/tunnel.proto", "trellis/proxy/v1/proxy.proto"];

/** How messages look in TypeScript: camelCase fields, numbers for 64-bit ints, string enums. */
export const loaderOptions = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
} satisfies Options;
