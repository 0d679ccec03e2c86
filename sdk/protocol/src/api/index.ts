// Entry point `@trellis/protocol/api`: the objects of the REST API /v1.
export * from "./audit.ts";
export * from "./auth.ts";
export * from "./billing.ts";
export * from "./ca.ts";
export * from "./clusters.ts";
export * from "./health.ts";
export * from "./members.ts";
export * from "./meshes.ts";
export * from "./metrics.ts";
export * from "./pagination.ts";
export * from "./proxies.ts";
export * from "./roles.ts";
export * from "./services.ts";
export * from "./tap.ts";
export * from "./tokens.ts";
export * from "./webhooks.ts";
