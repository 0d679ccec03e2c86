// Plan-time validation of a spec with the API's own rules (the zod schemas and
// `validateResourceSpec` of @trellis/protocol), reported on the attributes they concern.
import type { ObjectValue } from "../cty/value.ts";
import { type Diagnostic, errorDiagnostic, invalidAttribute } from "../provider/diagnostics.ts";
import { type AttrPath, pathOfPointer, specFromValue } from "./spec-codec.ts";
import type { SpecField } from "./spec-fields.ts";

/** A failure of a spec, at a JSON pointer relative to the spec. */
export interface SpecError {
  pointer: string;
  detail: string;
}

export interface CheckedSpec {
  spec: Record<string, unknown>;
  /** True when no value was unknown: the spec is what will be sent. */
  complete: boolean;
  diagnostics: Diagnostic[];
}

/**
 * Builds the spec of `value` and checks it. Failures at values Terraform does not know yet
 * are left for apply (a required field that is unknown is not missing).
 */
export function checkSpec(
  fields: SpecField[],
  value: ObjectValue,
  validate: (spec: Record<string, unknown>) => SpecError[],
  base: AttrPath = [],
): CheckedSpec {
  const { spec, unknownPointers, errors } = specFromValue(fields, value);
  const diagnostics: Diagnostic[] = errors.map((e) => invalidAttribute([...base, ...e.path], e.detail));
  const isUnknownAt = (p: string) => unknownPointers.some((u) => p === u || p.startsWith(`${u}/`));
  for (const e of validate(spec)) {
    if (isUnknownAt(e.pointer)) continue;
    diagnostics.push(diagnosticAt(fields, e, base));
  }
  return { spec, complete: unknownPointers.length === 0, diagnostics };
}

export function diagnosticAt(fields: SpecField[], e: SpecError, base: AttrPath): Diagnostic {
  const { path, rest } = pathOfPointer(fields, e.pointer);
  const detail = rest.length > 0 ? `${rest.join("/")}: ${e.detail}` : e.detail;
  const full = [...base, ...path];
  return full.length > 0 ? invalidAttribute(full, detail) : errorDiagnostic("Invalid configuration", detail);
}
