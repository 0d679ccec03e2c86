import { errorCodes, problemSchema } from "@trellis/protocol/errors";
import { z } from "zod";
import type { RouteDef } from "./route.ts";

type Json = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: "input" | "output"): Json =>
  z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;

/** The OpenAPI 3.1 document of every route, from the same zod schemas that validate them. */
export function openApiDocument(routes: RouteDef[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z]+)/g, "{$1}");
    const params = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const query = r.query ? queryParameters(r.query) : [];
    const responses: Json = {};
    for (const [status, res] of Object.entries(r.responses)) {
      responses[status] = res.schema
        ? {
            description: res.description,
            content: { "application/json": { schema: jsonSchema(res.schema, "output") } },
          }
        : { description: res.description };
    }
    responses.default = {
      description: "An error",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
    paths[path] ??= {};
    paths[path][r.method] = {
      operationId: operationId(r),
      summary: r.summary,
      tags: [r.tag],
      ...(r.auth === "public" ? { security: [] } : {}),
      parameters: [
        ...params,
        ...query,
        ...(r.idempotent
          ? [
              {
                name: "Idempotency-Key",
                in: "header",
                required: false,
                schema: { type: "string", maxLength: 255 },
              },
            ]
          : []),
      ],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(r.body, "input") } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Trellis API",
      version,
      description: `Errors are application/problem+json; codes: ${Object.keys(errorCodes).join(", ")}.`,
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, "output") },
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

function queryParameters(schema: z.ZodType): Json[] {
  const js = jsonSchema(schema, "input") as { properties?: Record<string, Json>; required?: string[] };
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
