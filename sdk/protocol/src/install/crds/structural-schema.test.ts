import { describe, expect, it } from "vitest";
import { z } from "zod";
import { structuralProblems } from "./structural-check.ts";
import { type SchemaNode, structuralSchemaOf } from "./structural-schema.ts";

const root = (spec: SchemaNode): SchemaNode => ({ type: "object", properties: { spec } });

describe("structuralSchemaOf", () => {
  it("merges a discriminated union into one object whose oneOf only restricts", () => {
    const schema = structuralSchemaOf(
      z.discriminatedUnion("type", [
        z.object({ type: z.literal("A"), a: z.string() }),
        z.object({ type: z.literal("B"), b: z.number().int() }),
      ]),
    );
    expect(schema).toEqual({
      type: "object",
      properties: {
        type: { type: "string", enum: ["A", "B"] },
        a: { type: "string" },
        b: { type: "integer", minimum: expect.any(Number), maximum: expect.any(Number) },
      },
      required: ["type"],
      oneOf: [
        {
          properties: { type: { enum: ["A"] } },
          required: ["type", "a"],
          not: { anyOf: [{ required: ["b"] }] },
        },
        {
          properties: { type: { enum: ["B"] } },
          required: ["type", "b"],
          not: { anyOf: [{ required: ["a"] }] },
        },
      ],
    });
    expect(structuralProblems(root(schema))).toEqual([]);
  });

  it("turns literal unions into enums, drops defaults, and keeps free-form values as written", () => {
    const schema = structuralSchemaOf(
      z.object({
        code: z.union([z.literal(301), z.literal(302)]).default(302),
        labels: z.record(z.string(), z.string()),
        anything: z.record(z.string(), z.unknown()),
        raw: z.unknown(),
      }),
    );
    const p = schema.properties as Record<string, SchemaNode>;
    expect(p.code).toEqual({ type: "number", enum: [301, 302] });
    expect(p.labels).toEqual({ type: "object", additionalProperties: { type: "string" } });
    expect(p.anything).toEqual({ type: "object", "x-kubernetes-preserve-unknown-fields": true });
    expect(p.raw).toEqual({ "x-kubernetes-preserve-unknown-fields": true });
    expect(structuralProblems(root(schema))).toEqual([]);
  });

  it("refuses, loudly, what a structural schema cannot say", () => {
    expect(() => structuralSchemaOf(z.object({ v: z.union([z.string(), z.number()]) }))).toThrow(
      /\.v: a union of different types cannot be structural/,
    );
    expect(() =>
      structuralSchemaOf(z.union([z.object({ a: z.string() }), z.object({ b: z.string() })])),
    ).toThrow(/needs a discriminator/);
    expect(() =>
      structuralSchemaOf(
        z.discriminatedUnion("t", [
          z.object({ t: z.literal("x"), v: z.string() }),
          z.object({ t: z.literal("y"), v: z.number() }),
        ]),
      ),
    ).toThrow(/\.v: the branches of a union define this field differently/);
  });
});

describe("structuralProblems", () => {
  it("names each construct the API server refuses", () => {
    const problems = structuralProblems(
      root({
        type: "object",
        properties: {
          fixed: { type: "string", const: "x" },
          untyped: { minLength: 1 },
          both: {
            type: "object",
            properties: { a: { type: "string" } },
            additionalProperties: { type: "string" },
          },
          look: { type: "string", pattern: "^(?!x).*$" },
          choice: {
            type: "object",
            properties: { a: { type: "string" } },
            oneOf: [{ type: "object" }, { properties: { b: { enum: ["x"] } } }],
          },
        },
      }),
    );
    expect(problems).toEqual([
      "/spec/fixed: const is not allowed",
      "/spec/untyped: every node needs a type",
      "/spec/both: properties and additionalProperties exclude each other",
      "/spec/look: pattern ^(?!x).*$ is not RE2 (lookaround or back-reference)",
      "/spec/choice/oneOf/0: type is not allowed here",
      "/spec/choice/oneOf/1/b: not specified outside the junctor",
    ]);
    expect(
      structuralProblems({
        type: "object",
        properties: { metadata: { type: "object", properties: { labels: { type: "object" } } } },
      }),
    ).toEqual(["/metadata: only name and generateName may be restricted"]);
  });
});
