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
const rule = (extra: Record<string, unknown>) => ({
  parentRefs: [{ name: "web" }],
  rules: [{ backendRefs: [{ name: "web-v1" }], ...extra }],
});

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

const filterOfType =
  (...types: string[]) =>
  (v: unknown) =>
    v !== null && typeof v === "object" && types.includes(String((v as { type?: unknown }).type));

export const pendingFeatures: readonly PendingFeature[] = [
  {
    feature: "the ExtensionRef filter",
    kinds: routes,
    find: (s) => [
      ...matching(s, "rules/*/filters/*", filterOfType("ExtensionRef")),
      ...matching(s, "rules/*/backendRefs/*/filters/*", filterOfType("ExtensionRef")),
    ],
    example: rule({
      filters: [{ type: "ExtensionRef", extensionRef: { group: "example.com", kind: "Filter", name: "f" } }],
    }),
  },
  {
    // A backend's own filters modify headers and rewrite URLs; a per-backend mirror,
    // redirect or CORS policy has no place in the snapshot yet.
    feature: "a RequestMirror, RequestRedirect or CORS filter on one backendRef",
    kinds: routes,
    find: (s) =>
      matching(
        s,
        "rules/*/backendRefs/*/filters/*",
        filterOfType("RequestMirror", "RequestRedirect", "CORS"),
      ),
    example: {
      parentRefs: [{ name: "web" }],
      rules: [
        {
          backendRefs: [
            {
              name: "web-v1",
              filters: [{ type: "RequestMirror", requestMirror: { backendRef: { name: "shadow" } } }],
            },
          ],
        },
      ],
    },
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
