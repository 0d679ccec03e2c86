import { errorCodes, problemSchema } from "@trellis/protocol/errors";
import type { z } from "zod";
import { errorCodesOf, errorComponent, errorResponses } from "./openapi-errors.ts";
import { SchemaComponents } from "./openapi-schemas.ts";
import type { ResponseDef, RouteDef } from "./route.ts";

type Json = Record<string, unknown>;

const headerComponents: Json = {
  ETag: {
    description: 'The version of the object; send it back as If-Match (e.g. `"g3"`)',
    schema: { type: "string" },
  },
  Location: { description: "Where the created object lives", schema: { type: "string" } },
  Warning: {
    description: 'What the server left out, as `299 - "text"` (RFC 7234), e.g. a Gateway parentRef',
    schema: { type: "string" },
  },
};

const parameterComponents: Json = {
  "If-Match": {
    name: "If-Match",
    in: "header",
    required: false,
    description: "Change only the version with this ETag (`*`: it must exist); else 412",
    schema: { type: "string" },
  },
  "If-None-Match": {
    name: "If-None-Match",
    in: "header",
    required: false,
    description: "`*`: create only; 412 if it exists",
    schema: { type: "string", enum: ["*"] },
  },
};

/** Inline in each operation that honours it, so a reader of one operation sees it at once. */
const idempotencyKey: Json = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "A retry with the same key and request gets the first answer again",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

/** The OpenAPI 3.1 document of every route, from the same zod schemas that validate them. */
export function openApiDocument(routes: RouteDef[], version: string): Json {
  const components = new SchemaComponents();
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, "{$1}");
    paths[path] ??= {};
    paths[path][r.method] = operation(r, components);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Trellis API",
      version,
      description: `Errors are application/problem+json; codes: ${Object.keys(errorCodes).join(", ")}.`,
      license: { name: "Proprietary", identifier: "LicenseRef-Trellis" },
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      schemas: { Problem: components.convert(problemSchema, "output"), ...components.schemas },
      responses: errorResponses(["internal", ...routes.flatMap(errorCodesOf)]),
      parameters: parameterComponents,
      headers: headerComponents,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An org API token (trl_pat_…)" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "trellis_session",
          description: "Mutations also need X-CSRF-Token",
        },
      },
    },
  };
}

function operation(r: RouteDef, components: SchemaComponents): Json {
  const params = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: r.params?.[m[1]!] ? components.convert(r.params[m[1]!]!, "input") : { type: "string" },
  }));
  const responses: Json = {};
  for (const [status, res] of Object.entries(r.responses)) responses[status] = response(res, components);
  for (const code of errorCodesOf(r))
    responses[String(errorCodes[code])] = { $ref: `#/components/responses/${errorComponent(code)}` };
  responses.default = { $ref: "#/components/responses/Internal" };
  const body = r.documentedBody ?? r.body;
  return {
    operationId: operationId(r),
    summary: r.summary,
    tags: [r.tag],
    ...(r.auth === "public" ? { security: [] } : {}),
    parameters: [
      ...params,
      ...(r.query ? queryParameters(r.query, components) : []),
      ...(r.preconditions ?? []).map((h) => ({ $ref: `#/components/parameters/${h}` })),
      ...(r.idempotent ? [idempotencyKey] : []),
    ],
    ...(body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: components.convert(body, "input") } },
          },
        }
      : {}),
    responses,
  };
}

function response(res: ResponseDef, components: SchemaComponents): Json {
  return {
    description: res.description,
    ...(res.headers?.length
      ? { headers: Object.fromEntries(res.headers.map((h) => [h, { $ref: `#/components/headers/${h}` }])) }
      : {}),
    ...(res.schema
      ? { content: { "application/json": { schema: components.convert(res.schema, "output") } } }
      : {}),
  };
}

function queryParameters(schema: z.ZodType, components: SchemaComponents): Json[] {
  const js = components.convert(schema, "input") as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: js.required?.includes(name) ?? false,
    schema: s,
  }));
}

/** `GET /v1/meshes/:mesh/clusters` → `getMeshesClusters`-style ids, stable and unique. */
export function operationId(r: Pick<RouteDef, "method" | "path">): string {
  const words = r.path
    .replace(/^\/v1\//, "")
    .split("/")
    .map((seg) => (seg.startsWith(":") ? `by-${seg.slice(1)}` : seg))
    .join("-")
    .split(/[-_.]/)
    .filter(Boolean);
  return r.method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}
