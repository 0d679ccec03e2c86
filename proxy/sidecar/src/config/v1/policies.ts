import { parseDurationMs } from "@trellis/protocol/duration";
import type { ConfigSnapshot } from "@trellis/protocol/snapshot";
import type { AuthzPolicyV2, FaultV2, LimitsV2, OutlierV2, RetryV2 } from "@trellis/protocol/snapshot/v2";
import { grpcCode, grpcFromHttp, httpFromGrpc } from "../../http/grpc-codes.ts";

// Reading v1 (one release): its policy specs as snapshot v2 resolves them. The defaults are
// those the control plane's compiler emits for v2, so a proxy reading either behaves alike.

type Spec<K extends keyof ConfigSnapshot> = ConfigSnapshot[K] extends readonly { spec: infer S }[]
  ? S
  : never;

export const meshDefaultRetry: RetryV2 = {
  source: { kind: "MeshDefault", name: "connect-retry" },
  stateKey: "retry:mesh-default",
  retryOn: ["connect-failure"],
  retryOnStatus: [],
  retryOnGrpc: [],
  attempts: 2,
  perTryTimeoutMs: 0,
  backoff: { baseMs: 25, maxMs: 500 },
  budget: { percent: 20, minPerSecond: 10, ttlMs: 10_000 },
  retryNonIdempotent: false,
  maxReplayBodyBytes: 64 * 1024,
  connectRetryWindowMs: 2_000,
};

export const meshDefaultOutlier: OutlierV2 = {
  source: { kind: "MeshDefault", name: "failure-accrual" },
  consecutiveFailures: 0,
  consecutiveConnectFailures: 3,
  baseEjectionMs: 5000,
  maxEjectionMs: 60_000,
  maxEjectionPercent: 50,
};

const retryCodes: Record<string, number> = {
  cancelled: 1,
  "deadline-exceeded": 4,
  "resource-exhausted": 8,
  internal: 13,
  unavailable: 14,
};

const ms = (d: string | undefined) => (d === undefined ? 0 : parseDurationMs(d));
const perMillion = (percent: number) => Math.min(1_000_000, Math.max(0, Math.round(percent * 10_000)));

export function retryOf(name: string, generation: number, s: Spec<"retryPolicies">): RetryV2 {
  const off = s.attempts === 1;
  return {
    source: { kind: "RetryPolicy", name },
    stateKey: `retry:${name}@${generation}`,
    retryOn:
      s.retryOn.includes("connect-failure") || off ? [...s.retryOn] : [...s.retryOn, "connect-failure"],
    retryOnStatus: [],
    retryOnGrpc: [...new Set(s.grpcRetryOn.map((c) => retryCodes[c]!))].sort((a, b) => a - b),
    attempts: s.attempts,
    perTryTimeoutMs: ms(s.perTryTimeout),
    backoff: { baseMs: ms(s.backoff.baseInterval), maxMs: ms(s.backoff.maxInterval) },
    budget: {
      percent: s.budget.percent,
      minPerSecond: s.budget.minRetriesPerSecond,
      ttlMs: ms(s.budget.ttl),
    },
    retryNonIdempotent: s.retryNonIdempotent,
    maxReplayBodyBytes: s.maxReplayBodyBytes,
    connectRetryWindowMs: off ? 0 : meshDefaultRetry.connectRetryWindowMs,
  };
}

export function faultOf(name: string, s: Spec<"faultInjections">): FaultV2 {
  const a = s.abort;
  const httpStatus = a ? (a.httpStatus ?? httpFromGrpc(grpcCode[a.grpcStatus!])) : 0;
  return {
    source: { kind: "FaultInjection", name },
    ...(s.delay ? { delay: { ms: ms(s.delay.fixedDelay), perMillion: perMillion(s.delay.percent) } } : {}),
    ...(a
      ? {
          abort: {
            httpStatus,
            grpcStatus: a.grpcStatus ? grpcCode[a.grpcStatus] : grpcFromHttp(httpStatus),
            perMillion: perMillion(a.percent),
          },
        }
      : {}),
  };
}

export function breakerOf(
  name: string,
  s: Spec<"circuitBreakers">,
): { limits?: LimitsV2; outlier?: OutlierV2 } {
  const source = { kind: "CircuitBreaker", name };
  const l = s.limits;
  const o = s.outlierDetection;
  return {
    ...(l
      ? {
          limits: {
            source,
            maxConnections: l.maxConnections ?? 4_294_967_295,
            maxPendingRequests: l.maxPendingRequests ?? 1024,
            maxConcurrentRequests: l.maxConcurrentRequests ?? 4_294_967_295,
          },
        }
      : {}),
    ...(o
      ? {
          outlier: {
            source,
            consecutiveFailures: o.consecutiveFailures,
            consecutiveConnectFailures: o.consecutiveFailures,
            baseEjectionMs: ms(o.baseEjectionTime),
            maxEjectionMs: ms(o.maxEjectionTime),
            maxEjectionPercent: o.maxEjectionPercent,
          },
        }
      : {}),
  };
}

/** Principals of a rule's `from`: v1 named namespaces and meshes; v2 says prefixes. */
export function authorizationOf(
  name: string,
  s: Spec<"authorizationPolicies">,
  mesh: { name: string; trustDomain: string },
  labelsOf: (routeOrRule: string) => string[],
): AuthzPolicyV2 {
  const root = `spiffe://${mesh.trustDomain}/`;
  return {
    source: { kind: "AuthorizationPolicy", name },
    action: s.action,
    rules: s.rules.map((r) => {
      const exact = new Set<string>();
      const prefixes = new Set<string>();
      let unauthenticated = false;
      for (const f of r.from) {
        if (!f.identities?.length && !f.namespaces?.length && !f.meshes?.length && !f.unauthenticated)
          prefixes.add(root);
        for (const id of f.identities ?? [])
          (id.endsWith("/*") ? prefixes : exact).add(id.endsWith("/*") ? id.slice(0, -1) : id);
        for (const ns of f.namespaces ?? []) prefixes.add(`${root}ns/${ns}/`);
        if (f.meshes?.includes(mesh.name)) prefixes.add(root);
        if (f.unauthenticated) unauthenticated = true;
      }
      return {
        from: { exact: [...exact], prefixes: [...prefixes], unauthenticated },
        to: (r.to ?? []).map((t) => ({
          paths: (t.paths ?? []).map((p) => ({ type: p.type, value: p.value })),
          methods: [...(t.methods ?? [])],
          routes: [...new Set((t.routes ?? []).flatMap(labelsOf))],
        })),
      };
    }),
    ...(s.jwt
      ? {
          jwt: {
            issuer: s.jwt.issuer,
            audiences: s.jwt.audiences,
            ...(s.jwt.jwks ? { jwks: s.jwt.jwks } : {}),
            ...(s.jwt.jwksUri ? { jwksUri: s.jwt.jwksUri } : {}),
            claims: s.jwt.claims ?? [],
          },
        }
      : {}),
  };
}
