import type { AuthorizationPolicyRuntime } from "./authz.ts";

/** A local rate limit (token bucket) as the inbound side takes tokens from it. */
export type RateLimit = {
  name: string;
  /** Key of its buckets; equal across snapshots while the policy is unchanged. */
  stateKey: string;
  requests: number;
  perMs: number;
  burst: number;
  perClientIdentity: boolean;
};

/**
 * What this proxy's inbound side enforces: the policies of every service it serves (its
 * own, and any listing an endpoint with its identity — a pod backing `api` and `api-canary`
 * obeys both, as Istio applies policies to a service's workloads).
 */
export type Inbound = {
  served: ReadonlySet<string>;
  deny: readonly AuthorizationPolicyRuntime[];
  allow: readonly AuthorizationPolicyRuntime[];
  defaultAllow: boolean;
  /** Whether authorization could refuse anything (the work is skipped when not). */
  authorizes: boolean;
  /** Each limit with the route label it is scoped to (undefined: every request). */
  rateLimits: readonly { limit: RateLimit; route: string | undefined }[];
  /**
   * The snapshot says nothing here needs HTTP: connections may be piped after the identity
   * check (when the proxy's `--l4-pass-through auto` lets it).
   */
  l4PassThrough: boolean;
};
