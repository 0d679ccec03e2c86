import { resourceSpecSchemas } from "@trellis/protocol/resources";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { specBlock } from "./spec-block.ts";
import { type SpecField, specFields } from "./spec-fields.ts";

const byName = (fields: SpecField[], name: string) => {
  const f = fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name} in ${fields.map((x) => x.name).join(", ")}`);
  return f;
};
const blockFields = (f: SpecField) => {
  if (f.shape.kind !== "block") throw new Error(`${f.name} is not a block`);
  return f.shape.fields;
};

describe("zod → Terraform schema", () => {
  it("turns HTTPRoute into typed blocks named in the singular, with snake_case attributes", () => {
    const fields = specFields(resourceSpecSchemas.HTTPRoute);
    expect(fields.map((f) => f.name)).toEqual(["parent_ref", "hostnames", "rule"]);
    const rule = byName(fields, "rule");
    expect(rule.shape).toMatchObject({ kind: "block", nesting: "list", minItems: 1, maxItems: 64 });
    const backend = byName(blockFields(rule), "backend_ref");
    expect(backend.key).toBe("backendRefs");
    expect(byName(blockFields(backend), "weight")).toMatchObject({
      required: false,
      hasDefault: true,
      shape: { kind: "attribute", value: { kind: "number" } },
    });
    expect(byName(fields, "hostnames").shape).toEqual({
      kind: "attribute",
      value: { kind: "list", element: { kind: "string" } },
    });
  });

  it("marks defaulted attributes optional + computed and required ones required", () => {
    const block = specBlock(specFields(resourceSpecSchemas.RateLimit));
    const requests = block.attributes.find((a) => a.name === "requests")!;
    const per = block.attributes.find((a) => a.name === "per")!;
    const burst = block.attributes.find((a) => a.name === "burst")!;
    expect(requests).toMatchObject({ required: true });
    expect(per).toMatchObject({ optional: true, computed: true });
    expect(per.description).toContain('Default: `"1s"`');
    expect(burst).toMatchObject({ optional: true });
    expect(burst.computed).toBeUndefined();
    // GEP-713: one target or several (the API wants exactly one of the two).
    expect(block.blocks.map((b) => [b.name, b.nesting, b.minItems, b.maxItems])).toEqual([
      ["target_ref", "single", 0, 1],
      ["target_refs", "list", 0, 16],
    ]);
  });

  it("merges a discriminated union into one block whose variant fields are optional", () => {
    const target = byName(specFields(resourceSpecSchemas.RetryPolicy), "target_ref");
    const fields = blockFields(target);
    const [kind, name, namespace] = ["kind", "name", "namespace"].map((n) =>
      fields.find((f) => f.name === n),
    );
    expect(kind).toMatchObject({ name: "kind", required: true });
    expect(kind!.description).toContain("`Service`, `HTTPRoute`, `GRPCRoute`");
    expect(name).toMatchObject({ name: "name", required: true });
    // Only the Service variant has a namespace (with a default): computed, filled per variant.
    expect(namespace).toMatchObject({ name: "namespace", required: false, hasDefault: true });
    expect(namespace!.defaultValue).toBeUndefined();
  });

  it("keeps the default of a whole block, to recognise it on read", () => {
    const backoff = byName(specFields(resourceSpecSchemas.RetryPolicy), "backoff");
    expect(backoff.defaultValue).toEqual({ baseInterval: "25ms", maxInterval: "250ms" });
    expect(backoff.shape).toMatchObject({ kind: "block", nesting: "single", minItems: 0 });
  });

  it("gives free-form JSON a string attribute", () => {
    const jwt = byName(specFields(resourceSpecSchemas.AuthorizationPolicy), "jwt");
    const jwks = byName(blockFields(jwt), "jwks");
    expect(byName(blockFields(jwks), "keys").shape).toEqual({ kind: "attribute", value: { kind: "json" } });
  });

  it("maps every resource kind without a name clash", () => {
    for (const schema of Object.values(resourceSpecSchemas))
      expect(specFields(schema).length).toBeGreaterThan(0);
  });

  it("picks up a field added to a zod schema", () => {
    const grown = resourceSpecSchemas.HTTPRoute.extend({
      sessionPersistence: z
        .object({ cookieName: z.string(), absoluteTimeout: z.string().default("1h") })
        .optional(),
    });
    const field = byName(specFields(grown), "session_persistence");
    expect(blockFields(field).map((f) => [f.name, f.required, f.hasDefault])).toEqual([
      ["cookie_name", true, false],
      ["absolute_timeout", false, true],
    ]);
  });

  it("refuses a field Terraform reserves", () => {
    expect(() => specFields(z.object({ count: z.number() }))).toThrow(/reserved/);
  });

  it("refuses two keys that map to one Terraform name", () => {
    expect(() => specFields(z.object({ backendRef: z.string(), backend_ref: z.string() }))).toThrow(
      /both map/,
    );
  });
});
