import type { FieldError } from "../errors.ts";
import type { ResourceKind } from "./kinds.ts";

/**
 * Gateway API features the resource schemas know but trellis-proxy does not enforce yet.
 * The API refuses a document using one (422 naming the field) instead of storing a meaning
 * the data plane would silently drop. This list only shrinks: when the data plane
 * implements a feature end to end, its entry goes, and its example becomes a positive test.
 */
export interface PendingFeature {
  /** Stable name, e.g. `rules[].retry`. */
  feature: string;
  kinds: readonly ResourceKind[];
  /** JSON pointers (from `/spec`) where a spec uses the feature. */
  find(spec: unknown): string[];
  /** A minimal valid spec of `kinds[0]` using it: tests prove each is refused today. */
  example: Record<string, unknown>;
}

const routes = ["HTTPRoute", "GRPCRoute"] as const;
const policies = [
  "RetryPolicy",
  "CircuitBreaker",
  "AuthorizationPolicy",
  "RateLimit",
  "FaultInjection",
] as const;
const parent = [{ name: "web" }];
const backend = [{ name: "web-v1" }];
const rule = (extra: Record<string, unknown>) => ({
  parentRefs: parent,
  rules: [{ backendRefs: backend, ...extra }],
});
const svc = { kind: "Service", name: "web" };

/** Every pointer under `/spec` matching `pattern` (`*` = any index or key) whose value passes `test`. */
function matching(spec: unknown, pattern: string, test: (v: unknown) => boolean = (v) => v !== undefined) {
  const out: string[] = [];
  const walk = (value: unknown, segments: string[], at: string) => {
    if (segments.length === 0) {
      if (test(value)) out.push(`/spec${at}`);
      return;
    }
    if (value === null || typeof value !== "object") return;
    const [head, ...rest] = segments as [string, ...string[]];
    const keys = head === "*" ? Object.keys(value) : [head];
    for (const k of keys) walk((value as Record<string, unknown>)[k], rest, `${at}/${k}`);
  };
  walk(spec, pattern.split("/"), "");
  return out;
}

const filterOfType = (type: string) => (v: unknown) =>
  v !== null && typeof v === "object" && (v as { type?: unknown }).type === type;

const withoutBackends = (r: unknown) => {
  if (r === null || typeof r !== "object") return false;
  const { backendRefs, filters } = r as { backendRefs?: unknown; filters?: unknown };
  const redirect = Array.isArray(filters) && filters.some(filterOfType("RequestRedirect"));
  return !redirect && (!Array.isArray(backendRefs) || backendRefs.length === 0);
};

export const pendingFeatures: readonly PendingFeature[] = [
  {
    feature: "requestMirror.fraction",
    kinds: routes,
    find: (s) => matching(s, "rules/*/filters/*/requestMirror/fraction"),
    example: rule({
      filters: [
        {
          type: "RequestMirror",
          requestMirror: { backendRef: { name: "shadow" }, fraction: { numerator: 5, denominator: 1000 } },
        },
      ],
    }),
  },
  {
    feature: "rules[].retry (GEP-1731)",
    kinds: ["HTTPRoute"],
    find: (s) => matching(s, "rules/*/retry"),
    example: rule({ retry: { codes: [503], attempts: 2, backoff: "100ms" } }),
  },
  {
    feature: "backendRefs[].filters",
    kinds: routes,
    find: (s) => matching(s, "rules/*/backendRefs/*/filters"),
    example: {
      parentRefs: parent,
      rules: [
        {
          backendRefs: [
            {
              name: "web-v1",
              filters: [
                {
                  type: "RequestHeaderModifier",
                  requestHeaderModifier: { set: [{ name: "x-v", value: "1" }] },
                },
              ],
            },
          ],
        },
      ],
    },
  },
  {
    feature: "rules[].sessionPersistence",
    kinds: routes,
    find: (s) => matching(s, "rules/*/sessionPersistence"),
    example: rule({ sessionPersistence: { sessionName: "session", type: "Cookie" } }),
  },
  {
    feature: "a rule without backendRefs (route to the parent service)",
    kinds: routes,
    find: (s) => matching(s, "rules/*", withoutBackends),
    example: { parentRefs: parent, rules: [{ name: "to-parent" }] },
  },
  {
    feature: "the CORS filter",
    kinds: ["HTTPRoute"],
    find: (s) => matching(s, "rules/*/filters/*", filterOfType("CORS")),
    example: rule({ filters: [{ type: "CORS", cors: { allowOrigins: ["https://example.com"] } }] }),
  },
  {
    feature: "the ExtensionRef filter",
    kinds: routes,
    find: (s) => matching(s, "rules/*/filters/*", filterOfType("ExtensionRef")),
    example: rule({
      filters: [{ type: "ExtensionRef", extensionRef: { group: "example.com", kind: "Filter", name: "f" } }],
    }),
  },
  {
    feature: "parentRefs[].sectionName",
    kinds: routes,
    find: (s) => matching(s, "parentRefs/*/sectionName"),
    example: { parentRefs: [{ name: "web", sectionName: "http" }], rules: [{ backendRefs: backend }] },
  },
  {
    feature: "targetRefs (GEP-713, several targets)",
    kinds: policies,
    find: (s) => matching(s, "targetRefs"),
    example: { targetRefs: [svc, { kind: "Service", name: "api" }] },
  },
];

/** The pointers of every not-yet-enforced feature a spec uses, each as a refusal. */
export function pendingFeatureErrors(kind: ResourceKind, spec: unknown): FieldError[] {
  return pendingFeatures
    .filter((f) => f.kinds.includes(kind))
    .flatMap((f) =>
      f.find(spec).map((pointer) => ({
        pointer,
        detail: `${f.feature} is not supported yet: trellis-proxy does not enforce it, so Trellis refuses it rather than ignore it`,
      })),
    );
}
