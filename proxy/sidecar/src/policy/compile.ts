import { parseDurationMs } from "@trellis/protocol/duration";
import type { ConfigSnapshot } from "@trellis/protocol/snapshot";
import { compileHttpMatch } from "../routing/match.ts";
import type { CompiledService, MatchInput } from "../routing/types.ts";
import { unlimited } from "./admission.ts";
import { type AuthorizationPolicyRuntime, compileAuthorizationPolicy } from "./authz.ts";
import { grpcCode, grpcFromHttp, httpFromGrpc } from "./grpc-codes.ts";
import { JwksCache } from "./jwt.ts";
import type {
  CompiledBreaker,
  CompiledFault,
  CompiledRateLimit,
  CompiledRetry,
  PolicyTable,
  RetryCondition,
} from "./types.ts";

/** Who this proxy is, to select the inbound policies of the services it serves. */
export type PolicySelf = { service: string; namespace: string; spiffeId: string | undefined };

type Target =
  | { kind: "Service"; name: string; namespace: string }
  | { kind: "HTTPRoute" | "GRPCRoute"; name: string };

const grpcRetryCodes: Record<string, number> = {
  cancelled: 1,
  "deadline-exceeded": 4,
  "resource-exhausted": 8,
  internal: 13,
  unavailable: 14,
};

/**
 * Compiles the policy kinds of a snapshot. Pure, and throws with the policy's name when
 * one cannot be enforced (the snapshot is NACKed and the previous one kept). Where
 * several policies of one kind target the same thing, the first by name wins (Gateway
 * API policy attachment breaks ties by age, then name; the snapshot carries no age) —
 * except rate limits and authorization policies, which all apply.
 */
export function compilePolicies(
  snapshot: ConfigSnapshot,
  services: ReadonlyMap<string, CompiledService>,
  self: PolicySelf | undefined,
  jwks: JwksCache = new JwksCache(),
): PolicyTable {
  const stateKeys = new Set<string>();
  const byName = <T extends { name: string }>(list: readonly T[]) =>
    [...list].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const retries = targetMaps<CompiledRetry>();
  for (const p of byName(snapshot.retryPolicies)) {
    const r = compileRetry(p.name, p.generation, p.spec);
    stateKeys.add(r.stateKey);
    put(retries, p.spec.targetRef!, r);
  }
  const faults = targetMaps<CompiledFault>();
  for (const p of byName(snapshot.faultInjections))
    put(faults, p.spec.targetRef!, compileFault(p.name, p.spec));

  const breakers = new Map<string, CompiledBreaker>();
  for (const p of byName(snapshot.circuitBreakers)) {
    const key = `${p.spec.targetRef!.namespace}/${p.spec.targetRef!.name}`;
    if (!breakers.has(key)) breakers.set(key, compileBreaker(p.name, p.spec));
  }

  const served = servedServices(services, self);
  const mesh = { meshName: snapshot.mesh.name, trustDomain: snapshot.mesh.trustDomain };
  const deny: AuthorizationPolicyRuntime[] = [];
  const allow: AuthorizationPolicyRuntime[] = [];
  for (const p of byName(snapshot.authorizationPolicies)) {
    // Compiled even when it targets another service, so a bad policy is NACKed everywhere.
    const compiled = compileAuthorizationPolicy(p.name, p.spec, mesh, jwks);
    if (!served.has(`${p.spec.targetRef!.namespace}/${p.spec.targetRef!.name}`)) continue;
    (compiled.action === "DENY" ? deny : allow).push(compiled);
  }

  const serviceRateLimits: CompiledRateLimit[] = [];
  const routeRateLimits = new Map<string, CompiledRateLimit[]>();
  for (const p of byName(snapshot.rateLimits)) {
    const t = p.spec.targetRef! as Target;
    const perMs = parseDurationMs(p.spec.per);
    if (perMs <= 0) throw new Error(`RateLimit ${p.name}: per must be longer than 0`);
    const rl: CompiledRateLimit = {
      name: p.name,
      stateKey: `rl:${p.name}@${p.generation}`,
      requests: p.spec.requests,
      perMs,
      burst: p.spec.burst ?? p.spec.requests,
      perClientIdentity: p.spec.perClientIdentity,
    };
    stateKeys.add(rl.stateKey);
    if (t.kind === "Service") {
      if (served.has(`${t.namespace}/${t.name}`)) serviceRateLimits.push(rl);
    } else {
      const key = `${t.kind}/${t.name}`;
      routeRateLimits.set(key, [...(routeRateLimits.get(key) ?? []), rl]);
    }
  }
  return {
    retries,
    faults,
    breakers,
    inbound: {
      served,
      deny,
      allow,
      defaultAllow: snapshot.settings.defaultPolicy === "allow",
      serviceRateLimits,
      routeRateLimits,
    },
    stateKeys,
  };
}

/** Its own service, plus every service listing an endpoint with this proxy's identity. */
function servedServices(
  services: ReadonlyMap<string, CompiledService>,
  self: PolicySelf | undefined,
): Set<string> {
  const served = new Set<string>();
  if (!self) return served;
  served.add(`${self.namespace}/${self.service}`);
  const id = self.spiffeId ?? "";
  for (const s of services.values()) if (id && s.endpoints.some((e) => e.identity === id)) served.add(s.key);
  return served;
}

function targetMaps<T>(): { byRoute: Map<string, T>; byService: Map<string, T> } {
  return { byRoute: new Map(), byService: new Map() };
}

function put<T>(
  maps: { byRoute: Map<string, T>; byService: Map<string, T> },
  target: Target,
  value: T,
): void {
  const [map, key] =
    target.kind === "Service"
      ? [maps.byService, `${target.namespace}/${target.name}`]
      : [maps.byRoute, `${target.kind}/${target.name}`];
  if (!map.has(key)) map.set(key, value);
}

function compileRetry(
  name: string,
  generation: number,
  spec: ConfigSnapshot["retryPolicies"][number]["spec"],
): CompiledRetry {
  const backoffBaseMs = parseDurationMs(spec.backoff.baseInterval);
  const backoffMaxMs = parseDurationMs(spec.backoff.maxInterval);
  if (backoffMaxMs < backoffBaseMs)
    throw new Error(`RetryPolicy ${name}: backoff.maxInterval is below baseInterval`);
  const ttlMs = parseDurationMs(spec.budget.ttl);
  if (ttlMs < 1000) throw new Error(`RetryPolicy ${name}: budget.ttl must be at least 1s`);
  return {
    name,
    stateKey: `retry:${name}@${generation}`,
    retryOn: new Set(spec.retryOn as RetryCondition[]),
    grpcCodes: new Set(spec.grpcRetryOn.map((c) => grpcRetryCodes[c]!)),
    attempts: spec.attempts,
    perTryTimeoutMs: spec.perTryTimeout ? parseDurationMs(spec.perTryTimeout) : 0,
    backoffBaseMs,
    backoffMaxMs,
    budget: { percent: spec.budget.percent, minRetriesPerSecond: spec.budget.minRetriesPerSecond, ttlMs },
    retryNonIdempotent: spec.retryNonIdempotent,
    maxReplayBodyBytes: spec.maxReplayBodyBytes,
  };
}

function compileBreaker(
  name: string,
  spec: ConfigSnapshot["circuitBreakers"][number]["spec"],
): CompiledBreaker {
  const l = spec.limits;
  const o = spec.outlierDetection;
  const baseEjectionMs = o ? parseDurationMs(o.baseEjectionTime) : 0;
  const maxEjectionMs = o ? parseDurationMs(o.maxEjectionTime) : 0;
  if (o && maxEjectionMs < baseEjectionMs) {
    throw new Error(`CircuitBreaker ${name}: maxEjectionTime is below baseEjectionTime`);
  }
  return {
    name,
    limits: l
      ? {
          maxConcurrentRequests: l.maxConcurrentRequests ?? unlimited.maxConcurrentRequests,
          maxConnections: l.maxConnections ?? unlimited.maxConnections,
          // Envoy's default queue when a limit is set but no pending bound.
          maxPendingRequests: l.maxPendingRequests ?? 1024,
        }
      : undefined,
    outlier: o
      ? {
          consecutiveFailures: o.consecutiveFailures,
          baseEjectionMs,
          maxEjectionMs,
          maxEjectionPercent: o.maxEjectionPercent,
        }
      : undefined,
  };
}

function compileFault(name: string, spec: ConfigSnapshot["faultInjections"][number]["spec"]): CompiledFault {
  let matches: ((i: MatchInput) => boolean) | undefined;
  try {
    const tests = (spec.matches ?? []).map((m) => compileHttpMatch(m).test);
    matches = tests.length ? (i) => tests.some((t) => t(i)) : undefined;
  } catch (err) {
    throw new Error(`FaultInjection ${name}: ${(err as Error).message}`);
  }
  const a = spec.abort;
  return {
    name,
    matches,
    delay: spec.delay
      ? { ms: parseDurationMs(spec.delay.fixedDelay), percent: spec.delay.percent }
      : undefined,
    abort: a
      ? {
          httpStatus: a.httpStatus ?? httpFromGrpc(grpcCode[a.grpcStatus!]),
          grpcStatus: a.grpcStatus ? grpcCode[a.grpcStatus] : grpcFromHttp(a.httpStatus!),
          percent: a.percent,
        }
      : undefined,
  };
}
