import { describe, expect, it } from "vitest";
import { resourceStatus, type StatusInputs, type StatusSubject } from "./conditions.ts";

const route: StatusSubject = {
  kind: "HTTPRoute",
  namespace: "shop",
  name: "catalog",
  generation: 3,
  specConfigVersion: 10,
  spec: {
    parentRefs: [{ kind: "Service", name: "catalog", namespace: "shop" }],
    rules: [
      {
        matches: [{ path: { type: "PathPrefix", value: "/" } }],
        backendRefs: [
          { kind: "Service", name: "catalog-v1", namespace: "shop", weight: 90 },
          { kind: "Service", name: "catalog-v3", namespace: "shop", weight: 10 },
        ],
      },
    ],
  },
};

const inputs = (over: Partial<StatusInputs> = {}): StatusInputs => ({
  services: new Set(["shop/catalog", "shop/catalog-v1", "shop/catalog-v3"]),
  routes: new Set(["HTTPRoute/shop/catalog"]),
  proxies: [
    { proxy: "prx_a", applied: 10 },
    { proxy: "prx_b", applied: 12 },
  ],
  nacks: [],
  clusterNames: new Map(),
  ...over,
});

const condition = (subject: StatusSubject, i: StatusInputs, type: string) =>
  resourceStatus(subject, i).conditions.find((c) => c.type === type);

describe("resource conditions", () => {
  it("a valid route whose services exist and that every proxy runs is Accepted, ResolvedRefs, Programmed", () => {
    expect(
      resourceStatus(route, inputs()).conditions.map((c) => [
        c.type,
        c.status,
        c.reason,
        c.observedGeneration,
      ]),
    ).toEqual([
      ["Accepted", "True", "Accepted", 3],
      ["ResolvedRefs", "True", "ResolvedRefs", 3],
      ["Programmed", "True", "Programmed", 3],
    ]);
  });

  it("a backend no cluster discovered is ResolvedRefs=False/BackendNotFound, still Accepted", () => {
    const i = inputs({ services: new Set(["shop/catalog", "shop/catalog-v1"]) });
    expect(condition(route, i, "ResolvedRefs")).toMatchObject({
      status: "False",
      reason: "BackendNotFound",
      message:
        "backendRef shop/catalog-v3 (/spec/rules/0/backendRefs/1): no cluster has discovered this service",
    });
    expect(condition(route, i, "Accepted")?.status).toBe("True");
  });

  it("a missing parent or policy target has its own reason", () => {
    expect(
      condition(route, inputs({ services: new Set(["shop/catalog-v1", "shop/catalog-v3"]) }), "ResolvedRefs"),
    ).toMatchObject({ status: "False", reason: "ParentNotFound" });
    const policy: StatusSubject = {
      kind: "RetryPolicy",
      namespace: "shop",
      name: "r",
      generation: 1,
      specConfigVersion: 1,
      spec: { targetRef: { kind: "HTTPRoute", name: "other" } },
    };
    expect(condition(policy, inputs(), "ResolvedRefs")).toMatchObject({
      status: "False",
      reason: "TargetNotFound",
    });
    expect(
      condition(
        { ...policy, spec: { targetRef: { kind: "HTTPRoute", name: "catalog" } } },
        inputs(),
        "ResolvedRefs",
      )?.status,
    ).toBe("True");
  });

  it("Programmed waits for every proxy, names a NACK of this version, and is Unknown without proxies", () => {
    const behind = inputs({
      proxies: [
        { proxy: "prx_a", applied: 9 },
        { proxy: "prx_b", applied: 10 },
      ],
    });
    expect(condition(route, behind, "Programmed")).toMatchObject({
      status: "False",
      reason: "Pending",
      message: "1 of 2 proxies run config version 10 or later",
    });
    const refused = { ...behind, nacks: [{ who: "proxy prx_a", version: 10, error: "bad route" }] };
    expect(condition(route, refused, "Programmed")).toMatchObject({ status: "False", reason: "Invalid" });
    // A NACK of an older version says nothing about this one.
    const old = { ...behind, nacks: [{ who: "proxy prx_a", version: 8, error: "bad route" }] };
    expect(condition(route, old, "Programmed")?.reason).toBe("Pending");
    expect(condition(route, inputs({ proxies: [] }), "Programmed")).toMatchObject({ status: "Unknown" });
  });

  it("a stored spec a newer schema refuses is Accepted=False/Invalid", () => {
    const stale = { ...route, spec: { ...(route.spec as object), retired: true } };
    expect(condition(stale, inputs(), "Accepted")).toMatchObject({
      status: "False",
      reason: "Invalid",
      message: expect.stringContaining('/spec/retired: unknown field "retired"'),
    });
  });
});
