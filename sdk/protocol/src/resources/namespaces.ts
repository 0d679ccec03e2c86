// A reference that names no namespace resolves in the namespace of the document holding it
// (Gateway API: parentRefs, backendRefs and policy targets are local by default). The
// namespace is written into the stored spec, so what a resource means never depends on
// where it is read.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);
const each = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function fill(ref: unknown, namespace: string, onlyServices = false): unknown {
  if (!isObject(ref) || "namespace" in ref) return ref;
  if (onlyServices && ref.kind !== "Service") return ref;
  return { ...ref, namespace };
}

function fillFilters(filters: unknown, namespace: string): unknown {
  if (!Array.isArray(filters)) return filters;
  return filters.map((f) => {
    if (!isObject(f) || !isObject(f.requestMirror)) return f;
    return {
      ...f,
      requestMirror: { ...f.requestMirror, backendRef: fill(f.requestMirror.backendRef, namespace) },
    };
  });
}

/** The spec with `namespace` filled into every reference that lacks one. Pure; the input is not changed. */
export function withDocumentNamespace(spec: Json, namespace: string): Json {
  const out: Json = { ...spec };
  if (Array.isArray(spec.parentRefs)) out.parentRefs = spec.parentRefs.map((p) => fill(p, namespace));
  if (Array.isArray(spec.rules))
    out.rules = spec.rules.map((rule) => {
      if (!isObject(rule)) return rule;
      const r: Json = { ...rule };
      if ("filters" in rule) r.filters = fillFilters(rule.filters, namespace);
      if (Array.isArray(rule.backendRefs))
        r.backendRefs = rule.backendRefs.map((b) => {
          const ref = fill(b, namespace);
          return isObject(ref) && "filters" in ref
            ? { ...ref, filters: fillFilters(ref.filters, namespace) }
            : ref;
        });
      return r;
    });
  if ("targetRef" in spec) out.targetRef = fill(spec.targetRef, namespace, true);
  if (Array.isArray(spec.targetRefs))
    out.targetRefs = each(spec.targetRefs).map((t) => fill(t, namespace, true));
  return out;
}
