// Diagnostics: what Terraform shows under "Error:" / "Warning:", pointing at the attribute
// in the configuration when there is one.
import { PreconditionFailedError, TrellisApiError, TrellisNetworkError, ValidationError } from "@trellis/sdk";
import type { DiagnosticInput } from "../protocol/index.ts";
import { type AttrPath, formatPath } from "../schema/spec-codec.ts";

export interface Diagnostic {
  severity: "error" | "warning";
  summary: string;
  detail: string;
  path?: AttrPath;
}

export const errorDiagnostic = (summary: string, detail: string, path?: AttrPath): Diagnostic => ({
  severity: "error",
  summary,
  detail,
  ...(path ? { path } : {}),
});

export const warningDiagnostic = (summary: string, detail: string, path?: AttrPath): Diagnostic => ({
  severity: "warning",
  summary,
  detail,
  ...(path ? { path } : {}),
});

export const hasErrors = (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.severity === "error");

/** A failure that already says what to tell the user. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.summary}: ${d.detail}`).join("; "));
    this.name = "DiagnosticError";
  }
}

/** An invalid attribute value, named in the summary too (Terraform shows the path only as a source line). */
export function invalidAttribute(path: AttrPath, detail: string): Diagnostic {
  return errorDiagnostic(`Invalid value for ${formatPath(path)}`, `${formatPath(path)}: ${detail}`, path);
}

export function toProtoDiagnostics(diagnostics: Diagnostic[]): DiagnosticInput[] {
  return diagnostics.map((d) => ({
    severity: d.severity === "error" ? "ERROR" : "WARNING",
    summary: d.summary,
    detail: d.detail,
    ...(d.path && d.path.length > 0
      ? {
          attribute: {
            steps: d.path.map((s) => (typeof s === "number" ? { elementKeyInt: s } : { attributeName: s })),
          },
        }
      : {}),
  }));
}

/**
 * The diagnostic of a failed API call: the problem's `detail` (what the API said) with the
 * request id, the fields of a 422 mapped onto attributes when `pathOf` knows them.
 */
export function diagnosticsFromError(
  err: unknown,
  action: string,
  pathOf: (pointer: string) => AttrPath | undefined = () => undefined,
): Diagnostic[] {
  if (err instanceof DiagnosticError) return err.diagnostics;
  if (err instanceof ValidationError && err.errors.length > 0) {
    return err.errors.map((f) => {
      const path = pathOf(f.pointer);
      return path
        ? invalidAttribute(path, f.detail)
        : errorDiagnostic(`Could not ${action}`, `${f.pointer}: ${f.detail}`);
    });
  }
  if (err instanceof PreconditionFailedError) {
    return [
      errorDiagnostic(
        `Could not ${action}: it was changed outside Terraform`,
        `${err.detail}. Someone changed it since Terraform last read it, and Terraform does not overwrite a change it has not seen: run \`terraform plan\` again to see the change, then apply.${requestIdOf(err)}`,
      ),
    ];
  }
  if (err instanceof TrellisApiError) {
    return [errorDiagnostic(`Could not ${action}: ${err.title}`, `${err.detail}${requestIdOf(err)}`)];
  }
  if (err instanceof TrellisNetworkError) return [errorDiagnostic(`Could not ${action}`, err.message)];
  if (err instanceof Error && err.name === "AbortError") {
    return [errorDiagnostic(`Could not ${action}`, "the operation was stopped (Terraform was interrupted)")];
  }
  throw err;
}

function requestIdOf(err: TrellisApiError): string {
  return err.requestId ? ` (request ${err.requestId})` : "";
}
