// Entry point `@trellis/protocol/api`: the objects of the REST API /v1.
export * from "./audit.ts";
export * from "./auth.ts";
export * from "./clusters.ts";
export * from "./members.ts";
export * from "./meshes.ts";
export * from "./pagination.ts";
export * from "./roles.ts";
export * from "./services.ts";
export * from "./tokens.ts";
