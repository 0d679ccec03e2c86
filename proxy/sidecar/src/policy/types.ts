import type { AdmissionLimits } from "./admission.ts";
import type { AuthorizationPolicyRuntime } from "./authz.ts";
import type { OutlierSpec } from "./outlier.ts";
import type { RetryBudgetSpec } from "./retry-budget.ts";

/**
 * The compiled policies of one snapshot. Outbound policies (retries, circuit breakers,
 * faults) are looked up by route (`<kind>/<name>`) or service key (`namespace/name`);
 * inbound policies (authorization, rate limits) are pre-selected for the services this
 * proxy serves. Mutable state (budgets, buckets, gates) lives in `PolicyState`, keyed by
 * `stateKey`, so it survives snapshot swaps that do not change the policy.
 */
export type PolicyTable = {
  retries: TargetMap<CompiledRetry>;
  faults: TargetMap<CompiledFault>;
  /** By destination (backend) service key. */
  breakers: ReadonlyMap<string, CompiledBreaker>;
  inbound: InboundPolicies;
  /** Every `stateKey` in use, so state of removed policies can be dropped. */
  stateKeys: ReadonlySet<string>;
};

export type TargetMap<T> = { byRoute: ReadonlyMap<string, T>; byService: ReadonlyMap<string, T> };

export type RetryCondition = "5xx" | "gateway-error" | "reset" | "connect-failure" | "retriable-4xx";

export type CompiledRetry = {
  name: string;
  stateKey: string;
  retryOn: ReadonlySet<RetryCondition>;
  /** Numeric gRPC status codes to retry. */
  grpcCodes: ReadonlySet<number>;
  attempts: number;
  perTryTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  budget: RetryBudgetSpec;
  retryNonIdempotent: boolean;
  maxReplayBodyBytes: number;
};

export type CompiledBreaker = {
  name: string;
  limits: AdmissionLimits | undefined;
  outlier: OutlierSpec | undefined;
};

export type CompiledFault = {
  name: string;
  matches: ((input: import("../routing/types.ts").MatchInput) => boolean) | undefined;
  delay: { ms: number; percent: number } | undefined;
  abort: { httpStatus: number; grpcStatus: number; percent: number } | undefined;
};

export type CompiledRateLimit = {
  name: string;
  stateKey: string;
  requests: number;
  perMs: number;
  burst: number;
  perClientIdentity: boolean;
};

export type InboundPolicies = {
  /** Services whose policies this proxy enforces: its own, and any it is an endpoint of. */
  served: ReadonlySet<string>;
  deny: readonly AuthorizationPolicyRuntime[];
  allow: readonly AuthorizationPolicyRuntime[];
  defaultAllow: boolean;
  /** Rate limits targeting a served service. */
  serviceRateLimits: readonly CompiledRateLimit[];
  /** Rate limits by route key `<kind>/<name>`. */
  routeRateLimits: ReadonlyMap<string, readonly CompiledRateLimit[]>;
};
