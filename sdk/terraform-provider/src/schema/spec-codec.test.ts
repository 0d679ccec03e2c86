import { resourceSpecSchemas } from "@trellis/protocol/resources";
import { describe, expect, it } from "vitest";
import { type ObjectValue, Unknown, unknown } from "../cty/value.ts";
import { formatPath, pathOfPointer, specFromValue, valueFromSpec, withDefaults } from "./spec-codec.ts";
import { specFields } from "./spec-fields.ts";

const route = specFields(resourceSpecSchemas.HTTPRoute);
const retry = specFields(resourceSpecSchemas.RetryPolicy);
const backend = (name: string, weight: number | null): ObjectValue => ({
  kind: null,
  name,
  namespace: null,
  port: null,
  weight,
});
const config: ObjectValue = {
  parent_ref: [{ kind: null, name: "web", namespace: null, port: null }],
  hostnames: null,
  rule: [
    {
      name: null,
      match: [],
      filter: [],
      backend_ref: [backend("web-v1", 90), backend("web-v2", null)],
      timeouts: null,
    },
  ],
};

describe("Terraform values ⇄ API specs", () => {
  it("writes the spec a user would: camelCase keys, no nulls, no empty block lists", () => {
    expect(specFromValue(route, config)).toEqual({
      spec: {
        parentRefs: [{ name: "web" }],
        rules: [{ backendRefs: [{ name: "web-v1", weight: 90 }, { name: "web-v2" }] }],
      },
      unknownPointers: [],
      errors: [],
    });
  });

  it("leaves unknown values out and says where they were", () => {
    const withUnknown: ObjectValue = { ...config, hostnames: [unknown()] };
    const rule = (config.rule as ObjectValue[])[0]!;
    withUnknown.rule = [
      { ...rule, backend_ref: [backend("web-v1", 90), { ...backend("x", 1), name: unknown() }] },
    ];
    const r = specFromValue(route, withUnknown);
    expect(r.unknownPointers).toEqual(["/hostnames", "/rules/0/backendRefs/1/name"]);
    expect(r.spec.hostnames).toBeUndefined();
  });

  it("plans the API's defaults, per union variant", () => {
    const parsed = resourceSpecSchemas.HTTPRoute.parse(specFromValue(route, config).spec);
    const planned = withDefaults(route, config, parsed);
    const backends = (planned.rule as ObjectValue[])[0]!.backend_ref as ObjectValue[];
    expect(backends[1]).toEqual({
      filter: null,
      group: null,
      kind: "Service",
      name: "web-v2",
      namespace: "default",
      port: null,
      weight: 1,
    });
    expect(backends[0]!.weight).toBe(90); // what the user wrote stays

    const policy: ObjectValue = {
      target_ref: { group: null, kind: "HTTPRoute", name: "web", namespace: null },
    };
    const policyPlan = withDefaults(
      retry,
      policy,
      resourceSpecSchemas.RetryPolicy.parse(specFromValue(retry, policy).spec),
    );
    // Only a Service target has a namespace: none is invented for an HTTPRoute target.
    expect(policyPlan.target_ref).toEqual({ group: null, kind: "HTTPRoute", name: "web", namespace: null });
    expect(policyPlan.attempts).toBe(3);
    expect(policyPlan.retry_on).toEqual(["5xx", "connect-failure", "reset"]);
  });

  it("plans defaulted attributes as unknown while the spec cannot be parsed yet", () => {
    const planned = withDefaults(
      retry,
      { target_ref: { kind: "Service", name: unknown(), namespace: null } },
      undefined,
    );
    expect(planned.attempts).toBeInstanceOf(Unknown);
  });

  it("reads a stored spec back without the blocks the API defaulted, when the state had none", () => {
    const stored = resourceSpecSchemas.RetryPolicy.parse({ targetRef: { kind: "Service", name: "web" } });
    const value = valueFromSpec(retry, stored as Record<string, unknown>, null);
    expect(value.backoff).toBeNull(); // {25ms, 250ms} is the default
    expect(value.budget).toBeNull();
    expect(value.attempts).toBe(3); // a computed attribute keeps its value
    const changed = valueFromSpec(
      retry,
      { ...stored, backoff: { baseInterval: "50ms", maxInterval: "1s" } },
      null,
    );
    expect(changed.backoff).toEqual({ base_interval: "50ms", max_interval: "1s" });
  });

  it("maps an API pointer to the Terraform attribute path", () => {
    expect(formatPath(pathOfPointer(route, "/rules/0/backendRefs/1/weight").path)).toBe(
      "rule[0].backend_ref[1].weight",
    );
    expect(pathOfPointer(route, "/parentRefs/0/kind").path).toEqual(["parent_ref", 0, "kind"]);
    const jwt = specFields(resourceSpecSchemas.AuthorizationPolicy);
    expect(pathOfPointer(jwt, "/jwt/jwks/keys/0/kty")).toEqual({
      path: ["jwt", "jwks", "keys"],
      rest: ["0", "kty"],
    });
  });

  it("carries a JSON attribute as text and keeps the user's formatting when it means the same", () => {
    const jwtFields = specFields(resourceSpecSchemas.AuthorizationPolicy);
    const keys = '[ { "kty": "EC" } ]';
    const jwt = { issuer: "i", audiences: ["a"], jwks: { keys }, jwks_uri: null, claim: [] };
    expect(specFromValue(jwtFields, { jwt }).spec).toEqual({
      jwt: { issuer: "i", audiences: ["a"], jwks: { keys: [{ kty: "EC" }] } },
    });
    const back = valueFromSpec(
      jwtFields,
      { jwt: { issuer: "i", audiences: ["a"], jwks: { keys: [{ kty: "EC" }] } } },
      { jwt },
    );
    expect((back.jwt as ObjectValue).jwks).toEqual({ keys });
    expect(specFromValue(jwtFields, { jwt: { ...jwt, jwks: { keys: "{nope" } } }).errors[0]?.path).toEqual([
      "jwt",
      "jwks",
      "keys",
    ]);
  });
});
