import { describe, expect, it } from "vitest";
import { readResourceDocument } from "./documents.ts";

// A GAMMA route as mesh vendors document them: Gateway API v1, a Service parent with the
// core group and a port, backends by name and port, in a namespace of its own.
const gammaRoute = {
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: {
    name: "reviews",
    namespace: "bookinfo",
    labels: { app: "reviews" },
    annotations: { team: "books" },
  },
  spec: {
    parentRefs: [{ group: "", kind: "Service", name: "reviews", port: 9080 }],
    rules: [
      {
        backendRefs: [
          { name: "reviews-v1", port: 9080, weight: 90 },
          { name: "reviews-v2", port: 9080, weight: 10 },
        ],
      },
    ],
  },
};

describe("readResourceDocument", () => {
  it("accepts a Gateway API HTTPRoute unchanged, resolving references in its namespace", () => {
    const read = readResourceDocument(gammaRoute);
    expect(read).toMatchObject({
      outcome: "resource",
      warnings: [],
      resource: {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        namespace: "bookinfo",
        name: "reviews",
        labels: { app: "reviews" },
        annotations: { team: "books" },
      },
    });
    if (read.outcome !== "resource") return;
    expect(read.resource.spec.parentRefs).toEqual([
      { group: "", kind: "Service", name: "reviews", namespace: "bookinfo", port: 9080 },
    ]);
    expect((read.resource.spec.rules as { backendRefs: unknown[] }[])[0]!.backendRefs).toEqual([
      { kind: "Service", name: "reviews-v1", namespace: "bookinfo", port: 9080, weight: 90 },
      { kind: "Service", name: "reviews-v2", namespace: "bookinfo", port: 9080, weight: 10 },
    ]);
  });

  it("an explicit namespace on a reference wins over the document's", () => {
    const doc = structuredClone(gammaRoute);
    (doc.spec.rules[0]!.backendRefs[1] as Record<string, unknown>).namespace = "canary";
    const read = readResourceDocument(doc);
    if (read.outcome !== "resource") throw new Error(JSON.stringify(read));
    expect(
      (read.resource.spec.rules as { backendRefs: { namespace: string }[] }[])[0]!.backendRefs[1]!.namespace,
    ).toBe("canary");
  });

  it("takes the apiVersions upstream served each kind in, and names the allowed ones otherwise", () => {
    for (const v of ["v1", "v1beta1", "v1alpha2"])
      expect(
        readResourceDocument({ ...gammaRoute, apiVersion: `gateway.networking.k8s.io/${v}` }).outcome,
      ).toBe("resource");
    const grpc = {
      kind: "GRPCRoute",
      metadata: { name: "inventory" },
      spec: {
        parentRefs: [{ group: "", kind: "Service", name: "inventory" }],
        rules: [{ backendRefs: [{ name: "inventory" }] }],
      },
    };
    expect(readResourceDocument({ ...grpc, apiVersion: "gateway.networking.k8s.io/v1alpha2" }).outcome).toBe(
      "resource",
    );
    expect(readResourceDocument({ ...grpc, apiVersion: "gateway.networking.k8s.io/v1beta1" })).toEqual({
      outcome: "invalid",
      errors: [
        { pointer: "/apiVersion", detail: expect.stringContaining("gateway.networking.k8s.io/v1alpha2") },
      ],
    });
    expect(
      readResourceDocument({ ...grpc, kind: "RetryPolicy", apiVersion: "gateway.networking.k8s.io/v1" }),
    ).toMatchObject({
      outcome: "invalid",
      errors: [{ pointer: "/apiVersion" }],
    });
  });

  it("skips a Gateway, a GatewayClass and a route attached only to Gateways, naming them", () => {
    expect(
      readResourceDocument({
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "public", namespace: "infra" },
        spec: { gatewayClassName: "x", listeners: [] },
      }),
    ).toEqual({
      outcome: "skipped",
      message: "Gateway infra/public: a Gateway configures ingress gateways, not a mesh",
    });
    expect(
      readResourceDocument({
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "GatewayClass",
        metadata: { name: "c" },
        spec: {},
      }).outcome,
    ).toBe("skipped");
    // In a Gateway API document a parentRef without a kind is a Gateway.
    const ingress = {
      ...gammaRoute,
      spec: { ...gammaRoute.spec, parentRefs: [{ name: "public", namespace: "infra" }] },
    };
    expect(readResourceDocument(ingress)).toEqual({
      outcome: "skipped",
      message: expect.stringContaining(
        "bookinfo/reviews: its parentRefs name only Gateways (parentRefs[0] (Gateway infra/public))",
      ),
    });
  });

  it("leaves out a Gateway parent beside Service parents with a warning, and keeps pointers on the document", () => {
    const mixed = {
      ...gammaRoute,
      spec: {
        ...gammaRoute.spec,
        parentRefs: [{ name: "public" }, { group: "", kind: "Service", name: "reviews", prot: 1 }],
      },
    };
    expect(readResourceDocument(mixed)).toEqual({
      outcome: "invalid",
      errors: [
        { pointer: "/spec/parentRefs/1/prot", detail: expect.stringContaining('did you mean "port"') },
      ],
    });
    delete (mixed.spec.parentRefs[1] as Record<string, unknown>).prot;
    const read = readResourceDocument(mixed);
    expect(read).toMatchObject({
      outcome: "resource",
      warnings: [
        "parentRefs[0] (Gateway public) is not for a mesh: skipped (the route applies to its Service parents)",
      ],
    });
  });

  it("refuses unknown fields in the envelope and metadata, ignores what servers write", () => {
    expect(readResourceDocument({ ...gammaRoute, metadata: { ...gammaRoute.metadata, lables: {} } })).toEqual(
      {
        outcome: "invalid",
        errors: [{ pointer: "/metadata/lables", detail: 'unknown field "lables" (did you mean "labels"?)' }],
      },
    );
    expect(readResourceDocument({ ...gammaRoute, sepc: {} }).outcome).toBe("invalid");
    const fromServer = {
      ...gammaRoute,
      metadata: { ...gammaRoute.metadata, uid: "x", resourceVersion: "3", generation: 2, mesh: "prod" },
      status: { conditions: [] },
    };
    expect(readResourceDocument(fromServer).outcome).toBe("resource");
  });

  it("names unknown kinds, and Gateway API kinds Trellis does not take", () => {
    expect(
      readResourceDocument({ ...gammaRoute, kind: "HttpRoute", apiVersion: "trellis.dev/v1" }),
    ).toMatchObject({
      errors: [{ pointer: "/kind", detail: expect.stringContaining('did you mean "HTTPRoute"') }],
    });
    expect(readResourceDocument({ ...gammaRoute, kind: "TCPRoute" })).toMatchObject({
      errors: [{ pointer: "/kind", detail: expect.stringContaining("TCPRoute is not supported") }],
    });
  });

  it("MeshSettings is mesh-wide", () => {
    const settings = {
      apiVersion: "trellis.dev/v1",
      kind: "MeshSettings",
      metadata: { name: "default" },
      spec: {},
    };
    expect(readResourceDocument(settings).outcome).toBe("resource");
    expect(
      readResourceDocument({ ...settings, metadata: { name: "default", namespace: "shop" } }),
    ).toMatchObject({
      errors: [{ pointer: "/metadata/namespace" }],
    });
  });
});
