/**
 * The policy sets the benchmark switches between, each alone and all together, on the
 * one service `app`. Limits are set high so that nothing is refused: what is measured
 * is the cost of evaluating a policy on every request, not of its effect.
 */
const app = { kind: "Service", name: "app" };
const doc = (name: string, spec: unknown) => ({ name, generation: 1, spec });

export const variants = {
  none: {},
  retry: {
    retryPolicies: [
      doc("app-retry", { targetRef: app, retryOn: ["5xx", "connect-failure", "reset"], attempts: 3 }),
    ],
  },
  "circuit-breaker": {
    circuitBreakers: [
      doc("app-cb", {
        targetRef: app,
        limits: { maxConnections: 10_000, maxPendingRequests: 10_000, maxConcurrentRequests: 10_000 },
        outlierDetection: { consecutiveFailures: 5 },
      }),
    ],
  },
  authorization: {
    authorizationPolicies: [
      doc("app-authz", {
        targetRef: app,
        rules: [
          {
            from: [
              { identities: ["spiffe://bench.trellis.test/ns/other/sa/x"] },
              { namespaces: ["default"] },
            ],
            to: [{ paths: [{ type: "PathPrefix", value: "/" }], methods: ["GET", "POST"] }],
          },
        ],
      }),
    ],
  },
  "rate-limit": {
    rateLimits: [doc("app-rl", { targetRef: app, requests: 1_000_000, per: "1s", perClientIdentity: true })],
  },
  "header-filters": {
    httpRoutes: [
      doc("app", {
        parentRefs: [{ name: "app" }],
        rules: [
          {
            backendRefs: [{ name: "app" }],
            filters: [
              {
                type: "RequestHeaderModifier",
                requestHeaderModifier: {
                  set: [{ name: "x-env", value: "bench" }],
                  add: [{ name: "x-tag", value: "a" }],
                  remove: ["x-drop"],
                },
              },
              {
                type: "ResponseHeaderModifier",
                responseHeaderModifier: { set: [{ name: "x-served-by", value: "t" }] },
              },
            ],
          },
        ],
      }),
    ],
  },
} as const;

export type VariantName = keyof typeof variants | "all";

export function policiesOf(name: VariantName): Record<string, unknown[]> {
  if (name !== "all") return variants[name] as Record<string, unknown[]>;
  const all: Record<string, unknown[]> = {};
  for (const v of Object.values(variants))
    for (const [k, list] of Object.entries(v)) all[k] = [...(all[k] ?? []), ...list];
  return all;
}
