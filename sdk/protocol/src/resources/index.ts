// Entry point `@trellis/protocol/resources`: the mesh resource kinds of DESIGN §4.
export * from "./authorization-policy.ts";
export * from "./circuit-breaker.ts";
export * from "./common.ts";
export * from "./fault-injection.ts";
export * from "./grpc-route.ts";
export * from "./http-route.ts";
export * from "./kinds.ts";
export * from "./mesh-settings.ts";
export * from "./rate-limit.ts";
export * from "./retry-policy.ts";
export * from "./validate.ts";
