// Entry point `@trellis/protocol/resources`: the mesh resource kinds of DESIGN §4.
export * from "./authorization-policy.ts";
export * from "./circuit-breaker.ts";
export * from "./common.ts";
export * from "./documents.ts";
export * from "./fault-injection.ts";
export * from "./field-errors.ts";
export * from "./grpc-route.ts";
export * from "./http-route.ts";
export * from "./kinds.ts";
export * from "./mesh-settings.ts";
export * from "./metadata.ts";
export * from "./not-yet-enforced.ts";
export * from "./rate-limit.ts";
export * from "./retry-policy.ts";
export * from "./route-features.ts";
export * from "./status.ts";
export { didYouMean } from "./suggest.ts";
export * from "./validate.ts";
