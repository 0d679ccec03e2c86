import type { SnapshotService } from "@trellis/protocol/snapshot";

type Named = { name: string; generation: number; spec: unknown };
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Specs as snapshot v1 carries them to proxies of the previous release, whose schemas
 * predate the Gateway API features enforced since: what v1 can still say is rewritten into
 * the form those proxies read, so it keeps its meaning there —
 * - a policy with `targetRefs` (GEP-713) becomes one copy per target with `targetRef`;
 * - a mirror's `fraction` becomes the `percent` it equals;
 * - a parentRef's `sectionName` becomes the `port` of that name (none: the parentRef is
 *   dropped — it attaches nowhere, as in v2);
 * - a rule without backendRefs of a route with one parent gets that parent as its backend.
 * What v1 cannot say (a rule's `retry`, `sessionPersistence`, CORS, a backend's own
 * filters, a rule without backends under several parents) stays in the spec, where the
 * previous release ignores it: a v1 proxy behaves as it did before these features.
 */
export function forV1(kind: string, item: Named, services: readonly SnapshotService[]): Named[] {
  const spec = item.spec as Json;
  if (Array.isArray(spec.targetRefs)) {
    const { targetRefs, ...rest } = spec;
    return (targetRefs as unknown[]).map((targetRef) => ({ ...item, spec: { ...rest, targetRef } }));
  }
  if (kind !== "HTTPRoute" && kind !== "GRPCRoute") return [item];
  return [{ ...item, spec: routeForV1(spec, services) }];
}

function routeForV1(spec: Json, services: readonly SnapshotService[]): Json {
  const parentRefs = (spec.parentRefs as Json[]).flatMap((p) => {
    if (typeof p.sectionName !== "string") return [p];
    const svc = services.find((s) => s.name === p.name && s.namespace === p.namespace);
    const port = svc?.ports.find((x) => x.name === p.sectionName)?.port;
    if (port === undefined || (p.port !== undefined && p.port !== port)) return [];
    const { sectionName: _, ...rest } = p;
    return [{ ...rest, port }];
  });
  const only = parentRefs.length === 1 ? parentRefs[0]! : undefined;
  const rules = (spec.rules as Json[]).map((rule) => {
    const r: Json = { ...rule, filters: mirrorsAsPercent(rule.filters) };
    if (rule.filters === undefined) delete r.filters;
    const redirects =
      Array.isArray(rule.filters) && rule.filters.some((f) => (f as Json).type === "RequestRedirect");
    if (only && !redirects && Array.isArray(rule.backendRefs) && rule.backendRefs.length === 0)
      r.backendRefs = [{ kind: "Service", name: only.name, namespace: only.namespace, weight: 1 }];
    return r;
  });
  return { ...spec, parentRefs, rules };
}

function mirrorsAsPercent(filters: unknown): unknown {
  if (!Array.isArray(filters)) return filters;
  return filters.map((f) => {
    if (!isObject(f) || !isObject(f.requestMirror) || !isObject(f.requestMirror.fraction)) return f;
    const { fraction, ...mirror } = f.requestMirror;
    const { numerator, denominator } = fraction as { numerator: number; denominator: number };
    return { ...f, requestMirror: { ...mirror, percent: (numerator * 100) / denominator } };
  });
}
