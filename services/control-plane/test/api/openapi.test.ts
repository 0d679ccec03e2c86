import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { resourceKinds } from "@trellis/protocol/resources";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiVersion } from "../../src/api/app.ts";
import { openApiDocument } from "../../src/api/openapi.ts";
import { allRoutes } from "../../src/api/routes/index.ts";

// /v1/openapi.json is built from the route table (the same function the server calls).
// A validator lints it, and a client generated from it must type-check a real use.
const document = openApiDocument(allRoutes, apiVersion) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
};
type Operation = {
  parameters: { name?: string; in?: string; schema?: { enum?: string[] }; $ref?: string }[];
  responses: Record<string, { $ref?: string; headers?: Record<string, unknown> }>;
};
const putPath = "/v1/meshes/{mesh}/namespaces/{namespace}/resources/{kind}/{name}";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "trellis-openapi-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the OpenAPI document", () => {
  it("passes Redocly's recommended lint with 0 errors and a 4xx answer on every operation", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: "/v1/openapi.json",
      config,
    });
    const errors = problems.filter((p) => p.severity === "error");
    expect(errors.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
    expect(problems.filter((p) => p.ruleId === "operation-4xx-response")).toEqual([]);
  });

  it("names every kind's spec as a component and discriminates MeshResource on kind", () => {
    const schemas = document.components.schemas;
    for (const kind of resourceKinds) {
      expect(schemas[`${kind}Spec`], kind).toMatchObject({ type: "object", additionalProperties: false });
      expect(schemas[`${kind}SpecInput`], kind).toBeDefined();
      expect(schemas[`${kind}Resource`]).toMatchObject({
        properties: { kind: { const: kind }, spec: { $ref: `#/components/schemas/${kind}Spec` } },
      });
    }
    expect(schemas.MeshResource).toMatchObject({
      oneOf: resourceKinds.map((k) => ({ $ref: `#/components/schemas/${k}Resource` })),
      discriminator: { propertyName: "kind" },
    });
  });

  it("declares {kind} as an enum, the preconditions, the ETag, and the 4xx of each operation", () => {
    const put = document.paths[putPath]!.put!;
    expect(put.parameters.find((p) => p.name === "kind")?.schema?.enum).toEqual(resourceKinds);
    expect(put.parameters.filter((p) => p.$ref).map((p) => p.$ref)).toEqual([
      "#/components/parameters/If-Match",
      "#/components/parameters/If-None-Match",
    ]);
    expect(put.responses["200"]?.headers).toEqual({
      ETag: { $ref: "#/components/headers/ETag" },
      Warning: { $ref: "#/components/headers/Warning" },
    });
    expect(Object.keys(put.responses)).toEqual(
      ["200", "201", "401", "403", "404", "412", "413", "422", "400", "default"].sort(),
    );
    const del = document.paths[putPath]!.delete!;
    expect(Object.keys(del.responses)).toEqual(expect.arrayContaining(["404", "409", "412"]));
    const signup = document.paths["/v1/auth/signup"]!.post!;
    expect(Object.keys(signup.responses)).not.toContain("401");
  });

  it("a client generated with openapi-typescript type-checks against a sample use", async () => {
    // Fields with a default are optional when sent: the document's `required` says so already.
    const types = astToString(await openapiTS(document as never, { defaultNonNullable: false }));
    await writeFile(join(dir, "schema.ts"), types);
    await writeFile(join(dir, "sample.ts"), sampleUse);
    const require = createRequire(import.meta.url);
    const fetchTypes = dirname(require.resolve("openapi-fetch/package.json"));
    const program = ts.createProgram([join(dir, "sample.ts")], {
      strict: true,
      noEmit: true,
      // Library declarations are not what is under test; the generated schema.ts and the sample are.
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      types: [],
      paths: { "openapi-fetch": [fetchTypes] },
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file?.fileName.replace(dir, "") ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
      );
    expect(diagnostics).toEqual([]);
  }, 180_000);
});

// What a user of the generated types writes: a typed put of a Gateway API document, the
// answer narrowed by kind; the `@ts-expect-error` lines prove the types are not `any`.
const sampleUse = `import createClient from "openapi-fetch";
import type { components, paths } from "./schema.ts";

const client = createClient<paths>({ baseUrl: "http://127.0.0.1:8080" });

export async function shiftCanary(etag: string): Promise<string[]> {
  const { data, error, response } = await client.PUT(${JSON.stringify(putPath)}, {
    params: {
      path: { mesh: "prod", namespace: "shop", kind: "HTTPRoute", name: "web" },
      header: { "If-Match": etag },
      query: { dryRun: "All" },
    },
    body: {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "web", namespace: "shop", labels: { app: "web" } },
      spec: {
        parentRefs: [{ group: "", kind: "Service", name: "web", port: 80 }],
        rules: [{ backendRefs: [{ name: "web-v1", weight: 90 }, { name: "web-v2", weight: 10 }] }],
      },
    },
  });
  if (error) return (error.errors ?? []).map((e) => e.pointer);
  const next: string | null = response.headers.get("etag");
  const conditions: string[] = data.status.conditions.map((c) => \`\${c.type}=\${c.status}\`);
  if (data.kind === "HTTPRoute") {
    const weight: number = data.spec.rules[0]?.backendRefs[0]?.weight ?? 0;
    conditions.push(String(weight), next ?? "");
  }
  return conditions;
}

export const spec: components["schemas"]["RetryPolicySpecInput"] = {
  targetRef: { kind: "Service", name: "web" },
  attempts: 3,
};

export async function mistakes(): Promise<void> {
  await client.GET("/v1/meshes/{mesh}/resources/{kind}/{name}", {
    // @ts-expect-error an unknown kind is not a {kind}
    params: { path: { mesh: "prod", kind: "VirtualService", name: "web" } },
  });
  const wrong: components["schemas"]["HTTPRouteSpecInput"] = {
    parentRefs: [{ name: "web" }],
    // @ts-expect-error a weight is a number
    rules: [{ backendRefs: [{ name: "web", weight: "ninety" }] }],
  };
  void wrong;
}
`;
