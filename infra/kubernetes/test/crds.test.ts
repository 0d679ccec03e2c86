import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  applyJsonPatch,
  gatewayApiRouteCrds,
  type JsonPatchOp,
  type KubeObject,
  resourceCrds,
  type SchemaNode,
  structuralProblems,
} from "@trellis/protocol/install";
import { isResourceKind, validateResourceSpec } from "@trellis/protocol/resources";
import { describe, expect, it } from "vitest";
import { crdValidator } from "./support/crd-validator.ts";
import { packageDir, parseObjects } from "./support/manifests.ts";

const crds = [...resourceCrds(), ...gatewayApiRouteCrds()];
const validators = new Map(
  crds.map((crd) => {
    const spec = crd.spec as { group: string; names: { kind: string } };
    return [`${spec.group}/${spec.names.kind}`, crdValidator(crd)];
  }),
);

/** The CRD's answer for a resource: [] when the API server would store it. */
function check(resource: KubeObject): string[] {
  const validate = validators.get(`${resource.apiVersion.split("/")[0]}/${resource.kind}`);
  if (!validate) throw new Error(`no CRD for ${resource.apiVersion} ${resource.kind}`);
  return validate(resource);
}

const samples = [
  ...parseObjects(readFileSync(join(packageDir, "samples/routes.yaml"), "utf8")),
  ...parseObjects(readFileSync(join(packageDir, "samples/policies.yaml"), "utf8")),
  // The demo's canary, the repo's own `trellis apply` sample.
  ...parseObjects(readFileSync(join(packageDir, "../local/demo/canary-50.yaml"), "utf8")),
];

describe("the CRDs", () => {
  it("cover every Trellis kind, plus Gateway API's two routes", () => {
    expect(crds.map((c) => c.metadata.name)).toEqual([
      "httproutes.trellis.dev",
      "grpcroutes.trellis.dev",
      "retrypolicies.trellis.dev",
      "circuitbreakers.trellis.dev",
      "authorizationpolicies.trellis.dev",
      "ratelimits.trellis.dev",
      "faultinjections.trellis.dev",
      "meshsettings.trellis.dev",
      "httproutes.gateway.networking.k8s.io",
      "grpcroutes.gateway.networking.k8s.io",
    ]);
  });

  it("are structural: no construct the API server forbids", () => {
    for (const crd of crds) {
      const schema = (crd.spec as { versions: { schema: { openAPIV3Schema: SchemaNode } }[] }).versions[0]!
        .schema.openAPIV3Schema;
      expect(structuralProblems(schema), crd.metadata.name).toEqual([]);
    }
  });

  it("accept every sample resource, which the API's own validation accepts too", () => {
    expect(samples.length).toBe(11);
    for (const sample of samples) {
      expect(check(sample), `${sample.kind} ${sample.metadata.name}`).toEqual([]);
      if (isResourceKind(sample.kind)) {
        const api = validateResourceSpec(sample.kind, sample.metadata.name, sample.spec);
        expect(api.ok, `${sample.kind} ${sample.metadata.name}: ${JSON.stringify(api)}`).toBe(true);
      }
    }
  });
});

/** A sample with a JSON Patch applied. */
function mutated(kind: string, name: string, patch: JsonPatchOp[]): KubeObject {
  return applyJsonPatch(samples.find((s) => s.kind === kind && s.metadata.name === name)!, patch);
}
const rule = "/spec/rules";

describe("the CRDs reject bad resources, naming the field", () => {
  const cases: [string, KubeObject, RegExp][] = [
    [
      "a weight that is not a number",
      mutated("HTTPRoute", "web-canary", [
        { op: "replace", path: `${rule}/0/backendRefs/0/weight`, value: "ninety" },
      ]),
      /\/spec\/rules\/0\/backendRefs\/0\/weight must be integer/,
    ],
    [
      "a misspelt field",
      mutated("HTTPRoute", "web-canary", [{ op: "add", path: `${rule}/0/backendRef`, value: [] }]),
      /\/spec\/rules\/0 must NOT have additional properties \(backendRef\)/,
    ],
    [
      "a filter whose type names no settings",
      mutated("HTTPRoute", "web-canary", [
        { op: "replace", path: `${rule}/1/filters/0`, value: { type: "RequestRedirect" } },
      ]),
      /\/spec\/rules\/1\/filters\/0 must have required property 'requestRedirect'/,
    ],
    [
      "a filter carrying another type's settings",
      mutated("HTTPRoute", "web-canary", [
        { op: "add", path: `${rule}/0/filters/1/requestRedirect`, value: { statusCode: 301 } },
      ]),
      /\/spec\/rules\/0\/filters\/1 must match exactly one schema in oneOf/,
    ],
    [
      "a redirect status that is not a redirect",
      mutated("HTTPRoute", "web-canary", [
        { op: "replace", path: `${rule}/1/filters/0/requestRedirect/statusCode`, value: 304 },
      ]),
      /statusCode must be equal to one of the allowed values/,
    ],
    [
      "a duration in words",
      mutated("HTTPRoute", "web-canary", [
        { op: "replace", path: `${rule}/0/timeouts/request`, value: "10 seconds" },
      ]),
      /\/spec\/rules\/0\/timeouts\/request must match pattern/,
    ],
    [
      "a namespace on a route target",
      mutated("RetryPolicy", "web-retries", [
        { op: "add", path: "/spec/targetRef/namespace", value: "shop" },
      ]),
      /\/spec\/targetRef must match exactly one schema in oneOf/,
    ],
    [
      "an unknown retry condition",
      mutated("RetryPolicy", "web-retries", [{ op: "replace", path: "/spec/retryOn", value: ["6xx"] }]),
      /\/spec\/retryOn\/0 must be equal to one of the allowed values/,
    ],
    [
      "a MeshSettings not named default",
      mutated("MeshSettings", "default", [{ op: "replace", path: "/metadata/name", value: "prod" }]),
      /\/metadata\/name must be equal to one of the allowed values/,
    ],
    [
      "no spec",
      mutated("RateLimit", "catalog-limit", [{ op: "remove", path: "/spec" }]),
      /must have required property 'spec'/,
    ],
    [
      "a Gateway API route to something that is not a Service",
      mutated("HTTPRoute", "catalog-split", [
        { op: "replace", path: "/spec/parentRefs/0/kind", value: "Gateway" },
      ]),
      /\/spec\/parentRefs\/0\/kind must be equal to one of the allowed values/,
    ],
    [
      "a status condition without a reason",
      mutated("RateLimit", "catalog-limit", [
        {
          op: "add",
          path: "/status",
          value: {
            conditions: [
              { type: "Accepted", status: "True", lastTransitionTime: "2025-01-01T00:00:00Z", message: "" },
            ],
          },
        },
      ]),
      /\/status\/conditions\/0 must have required property 'reason'/,
    ],
  ];
  for (const [what, resource, error] of cases) {
    it(what, () => {
      expect(check(resource).join("\n")).toMatch(error);
    });
  }
});
