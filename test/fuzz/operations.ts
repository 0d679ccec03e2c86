/** A mutating operation of the API, as `/v1/openapi.json` describes it. */
export interface Operation {
  method: "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI template: `/v1/meshes/{mesh}`. */
  path: string;
  /** The request body's JSON Schema; null when the operation takes no body. */
  bodySchema: Record<string, unknown> | null;
  idempotent: boolean;
}

type Json = Record<string, unknown>;

/** Every POST, PUT, PATCH and DELETE of the document. Pure. */
export function mutatingOperations(document: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
    for (const [method, op] of Object.entries(ops)) {
      const m = method.toUpperCase();
      if (m !== "POST" && m !== "PUT" && m !== "PATCH" && m !== "DELETE") continue;
      const content = (op.requestBody as Json | undefined)?.content as Json | undefined;
      const json = content?.["application/json"] as { schema?: Json } | undefined;
      const params = (op.parameters as { name: string }[] | undefined) ?? [];
      out.push({
        method: m,
        path,
        bodySchema: json?.schema ?? null,
        idempotent: params.some((p) => p.name === "Idempotency-Key"),
      });
    }
  }
  return out;
}

/** The `{name}` parameters of a path template, in order. */
export function pathParameters(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]!);
}

/** Fills a template; values are percent-encoded unless `raw` (to send what a client would not). */
export function expandPath(template: string, values: Record<string, string>, raw = false): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    const v = values[name] ?? "x";
    return raw ? v : encodeURIComponent(v);
  });
}
