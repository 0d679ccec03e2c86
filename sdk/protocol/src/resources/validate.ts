import type { z } from "zod";
import type { FieldError } from "../errors.ts";
import { meshSettingsName, type ResourceKind, type ResourceSpec, resourceSpecSchemas } from "./kinds.ts";
import { policyErrors } from "./policy-rules.ts";

export type ValidationResult<K extends ResourceKind> =
  | { ok: true; spec: ResourceSpec<K> }
  | { ok: false; errors: FieldError[] };

/** Turns zod issues into JSON-pointer field errors under `base` (e.g. `/spec`). */
export function fieldErrorsFromZod(error: z.ZodError, base = ""): FieldError[] {
  return error.issues.map((issue) => ({
    pointer:
      base + issue.path.map((p) => `/${String(p).replaceAll("~", "~0").replaceAll("/", "~1")}`).join(""),
    detail: issue.message,
  }));
}

/**
 * Validates a resource spec: its schema first, then the rules a schema cannot say
 * (regexes that compile, no duplicate matches, weights that route somewhere, combinations
 * a proxy could not apply).
 */
export function validateResourceSpec<K extends ResourceKind>(
  kind: K,
  name: string,
  spec: unknown,
): ValidationResult<K> {
  const parsed = resourceSpecSchemas[kind].safeParse(spec);
  if (!parsed.success) return { ok: false, errors: fieldErrorsFromZod(parsed.error, "/spec") };
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
    if (redirects && backends.length > 0) {
      errors.push({
        pointer: `/spec/rules/${r}/backendRefs`,
        detail: "a rule with a RequestRedirect filter takes no backendRefs",
      });
    } else if (!redirects && backends.length === 0) {
      errors.push({
        pointer: `/spec/rules/${r}/backendRefs`,
        detail: "a rule needs at least one backendRef (or a RequestRedirect filter)",
      });
    } else if (!redirects && backends.every((b) => b.weight === 0)) {
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
