import type { FieldError } from "../errors.ts";
import { fieldErrorsFromZod } from "./field-errors.ts";
import { meshSettingsName, type ResourceKind, type ResourceSpec, resourceSpecSchemas } from "./kinds.ts";
import { pendingFeatureErrors } from "./not-yet-enforced.ts";
import { policyErrors } from "./policy-rules.ts";

export type ValidationResult<K extends ResourceKind> =
  | { ok: true; spec: ResourceSpec<K> }
  | { ok: false; errors: FieldError[] };

/**
 * Validates a resource spec: its strict schema (an unknown field is an error at its own
 * pointer, with a "did you mean" for a near miss) and the features known but not enforced
 * yet (refused, never dropped), then the rules a schema cannot say (regexes that compile,
 * no duplicate matches, weights that route somewhere, combinations a proxy could not apply).
 */
export function validateResourceSpec<K extends ResourceKind>(
  kind: K,
  name: string,
  spec: unknown,
): ValidationResult<K> {
  const schema = resourceSpecSchemas[kind];
  const pending = pendingFeatureErrors(kind, spec);
  const parsed = schema.safeParse(spec);
  if (!parsed.success) {
    const schemaErrors = fieldErrorsFromZod(parsed.error, "/spec", { schema, input: spec });
    return { ok: false, errors: [...schemaErrors, ...pending] };
  }
  if (pending.length > 0) return { ok: false, errors: pending };
  const errors = semanticErrors(kind, name, parsed.data as ResourceSpec<K>);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, spec: parsed.data as ResourceSpec<K> };
}

function semanticErrors(kind: ResourceKind, name: string, spec: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (kind === "MeshSettings" && name !== meshSettingsName) {
    errors.push({
      pointer: "/name",
      detail: `a mesh has one MeshSettings resource, named "${meshSettingsName}"`,
    });
  }
  collectRegexErrors(spec, "/spec", errors);
  if (kind === "HTTPRoute" || kind === "GRPCRoute") collectRouteErrors(spec as RouteLike, errors);
  errors.push(...policyErrors(kind, spec));
  return errors;
}

interface RouteLike {
  rules: { matches?: unknown[]; backendRefs?: { weight: number }[]; filters?: { type: string }[] }[];
}

function collectRouteErrors(spec: RouteLike, errors: FieldError[]): void {
  const seen = new Map<string, string>();
  spec.rules.forEach((rule, r) => {
    (rule.matches ?? []).forEach((match, m) => {
      const key = JSON.stringify(match);
      const first = seen.get(key);
      if (first)
        errors.push({ pointer: `/spec/rules/${r}/matches/${m}`, detail: `duplicates the match at ${first}` });
      else seen.set(key, `/spec/rules/${r}/matches/${m}`);
    });
    const redirects = (rule.filters ?? []).some((f) => f.type === "RequestRedirect");
    const backends = rule.backendRefs ?? [];
    // A rule with neither backends nor a redirect routes to its parent service (GAMMA).
    if (redirects && backends.length > 0) {
      errors.push({
        pointer: `/spec/rules/${r}/backendRefs`,
        detail: "a rule with a RequestRedirect filter takes no backendRefs",
      });
    } else if (backends.length > 0 && backends.every((b) => b.weight === 0)) {
      errors.push({
        pointer: `/spec/rules/${r}/backendRefs`,
        detail: "the weights add up to 0: no backend would receive traffic",
      });
    }
  });
}

function collectRegexErrors(node: unknown, pointer: string, errors: FieldError[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      collectRegexErrors(item, `${pointer}/${i}`, errors);
    });
    return;
  }
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  if (record.type === "RegularExpression") {
    for (const field of ["value", "service", "method"] as const) {
      const source = record[field];
      if (typeof source !== "string") continue;
      try {
        new RegExp(source);
      } catch (e) {
        errors.push({
          pointer: `${pointer}/${field}`,
          detail: `invalid regular expression: ${(e as Error).message}`,
        });
      }
    }
  }
  for (const [key, value] of Object.entries(record)) collectRegexErrors(value, `${pointer}/${key}`, errors);
}
