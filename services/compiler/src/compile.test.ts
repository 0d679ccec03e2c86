import { defaultMeshSettings, meshSettingsSpecSchema } from "@trellis/protocol/resources";
import { configSnapshotSchema } from "@trellis/protocol/snapshot";
import { describe, expect, it } from "vitest";
import { compileSnapshots } from "./compile.ts";
import type { CompileInput, DiscoveredClusterService } from "./inputs.ts";
import { golden } from "./testing/golden.ts";

const base: CompileInput = {
  mesh: { name: "prod", trustDomain: "prod.abc.trellis.mesh", configVersion: 7 },
  settings: defaultMeshSettings,
  resources: [],
  services: [],
  clusters: [{ id: "clu_1", name: "east" }],
  trustBundle: [],
};

const svc = (cluster: string, name: string, over: Partial<DiscoveredClusterService> = {}) => ({
  cluster,
  name,
  namespace: "shop",
  ports: [{ port: 8080, protocol: "http", name: "web" }],
  endpoints: [
    {
      address: `10.0.${cluster.length}.1`,
      port: 8080,
      serviceAccount: name,
      vmName: "",
      workload: `${name}-0`,
      ready: true,
    },
  ],
  ...over,
});

const routesInput: CompileInput = {
  ...base,
  settings: meshSettingsSpecSchema.parse({ mtls: { mode: "permissive" }, certificates: { ttl: "12h" } }),
  resources: [
    {
      kind: "HTTPRoute",
      name: "web-canary",
      generation: 3,
      spec: {
        parentRefs: [{ name: "web", namespace: "shop" }],
        rules: [{ backendRefs: [{ name: "web" }, { name: "web-v2", weight: 10 }] }],
      },
    },
    {
      kind: "RetryPolicy",
      name: "web-retries",
      generation: 1,
      spec: { targetRef: { kind: "Service", name: "web" } },
    },
    {
      kind: "HTTPRoute",
      name: "api",
      generation: 1,
      spec: { parentRefs: [{ name: "api" }], rules: [{ backendRefs: [{ name: "api" }] }] },
    },
    {
      kind: "RateLimit",
      name: "api-limit",
      generation: 2,
      spec: { targetRef: { kind: "Service", name: "api" }, requests: 100 },
    },
    {
      kind: "AuthorizationPolicy",
      name: "web-allow",
      generation: 1,
      spec: {
        targetRef: { kind: "Service", name: "web", namespace: "shop" },
        rules: [{ from: [{ namespaces: ["shop"] }] }],
      },
    },
    { kind: "MeshSettings", name: "default", generation: 4, spec: { mtls: { mode: "strict" } } },
  ],
};

const multiClusterInput: CompileInput = {
  ...base,
  clusters: [
    { id: "clu_2", name: "west" },
    { id: "clu_1", name: "east" },
  ],
  services: [
    svc("west", "web"),
    svc("east", "web", {
      ports: [
        { port: 8080, protocol: "http2" },
        { port: 9090, protocol: "grpc", name: "admin" },
      ],
    }),
    svc("east", "billing", {
      namespace: "vm",
      ports: [{ port: 5432, protocol: "postgres" }],
      endpoints: [
        {
          address: "192.0.2.10",
          port: 5432,
          serviceAccount: "",
          vmName: "db-1",
          workload: "db-1",
          ready: false,
        },
      ],
    }),
    svc("west", "anon", {
      endpoints: [
        { address: "10.9.9.9", port: 80, serviceAccount: "", vmName: "", workload: "", ready: true },
      ],
    }),
    svc("west", "portless", { ports: [] }),
    svc("east", "broken", {
      endpoints: [{ address: "", port: 80, serviceAccount: "x", vmName: "", workload: "", ready: true }],
    }),
  ],
};

describe("compileSnapshots", () => {
  it("compiles an empty mesh to one valid snapshot per cluster with explicit defaults", () => {
    const out = compileSnapshots(base);
    expect([...out.keys()]).toEqual(["east"]);
    const snap = out.get("east")!;
    expect(configSnapshotSchema.parse(snap)).toEqual(snap);
    expect(snap.settings).toEqual({
      mtlsMode: "strict",
      egressMode: "allow",
      defaultPolicy: "allow",
      certTtlSeconds: 86400,
    });
    golden("empty-mesh", snap);
  });

  it("places each resource in its list, sorted by name, with zod defaults applied", () => {
    const snap = compileSnapshots(routesInput).get("east")!;
    expect(configSnapshotSchema.parse(snap)).toEqual(snap);
    expect(snap.httpRoutes.map((r) => r.name)).toEqual(["api", "web-canary"]);
    expect(snap.retryPolicies[0]!.spec.attempts).toBe(3);
    expect(snap.httpRoutes[1]!.spec.rules[0]!.backendRefs[0]).toMatchObject({
      kind: "Service",
      namespace: "default",
      weight: 1,
    });
    expect(snap.settings).toMatchObject({ mtlsMode: "permissive", certTtlSeconds: 43200 });
    expect(JSON.stringify(snap)).not.toContain("MeshSettings");
    golden("routes-and-policies", snap);
  });

  it("merges a service found in several clusters and derives SPIFFE identities and hostnames", () => {
    const out = compileSnapshots(multiClusterInput);
    expect([...out.keys()]).toEqual(["east", "west"]);
    const snap = out.get("west")!;
    expect(configSnapshotSchema.parse(snap)).toEqual(snap);
    const web = snap.services.find((s) => s.name === "web")!;
    expect(web.hostnames).toEqual(["web", "web.shop", "web.shop.svc", "web.shop.svc.cluster.local"]);
    expect(web.endpoints.map((e) => e.cluster)).toEqual(["east", "west"]);
    expect(web.endpoints[0]!.identity).toBe("spiffe://prod.abc.trellis.mesh/ns/shop/sa/web");
    expect(web.ports).toEqual([
      { port: 8080, protocol: "http2" },
      { port: 9090, protocol: "grpc", name: "admin" },
    ]);
    const billing = snap.services.find((s) => s.name === "billing")!;
    expect(billing.endpoints[0]).toMatchObject({
      identity: "spiffe://prod.abc.trellis.mesh/vm/db-1",
      ready: false,
    });
    expect(billing.ports[0]!.protocol).toBe("tcp");
    expect(snap.services.find((s) => s.name === "anon")!.endpoints[0]!.identity).toBe(
      "spiffe://prod.abc.trellis.mesh/ns/shop/sa/default",
    );
    expect(snap.services.some((s) => s.name === "portless")).toBe(false);
    expect(snap.services.find((s) => s.name === "broken")!.endpoints).toEqual([]);
    expect(out.get("east")!.cluster).toBe("east");
    golden("multi-cluster-services", snap);
  });

  it("is deterministic: shuffled inputs give the same bytes", () => {
    const shuffled: CompileInput = {
      ...multiClusterInput,
      resources: [...routesInput.resources].reverse(),
      services: [...multiClusterInput.services].reverse(),
      clusters: [...multiClusterInput.clusters].reverse(),
    };
    const a = compileSnapshots({ ...multiClusterInput, resources: routesInput.resources });
    const b = compileSnapshots(shuffled);
    expect(JSON.stringify([...b])).toBe(JSON.stringify([...a]));
  });

  it("leaves out a stored spec that no longer parses instead of failing the snapshot", () => {
    const snap = compileSnapshots({
      ...base,
      resources: [{ kind: "HTTPRoute", name: "stale", generation: 1, spec: { parentRefs: [] } }],
    }).get("east")!;
    expect(snap.httpRoutes).toEqual([]);
    expect(configSnapshotSchema.safeParse(snap).success).toBe(true);
  });

  it("stamps the mesh version and passes the trust bundle through", () => {
    const snap = compileSnapshots({
      ...base,
      trustBundle: ["-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n"],
    }).get("east")!;
    expect(snap.version).toBe(7);
    expect(snap.trustBundle).toHaveLength(1);
  });

  it("marks an endpoint whose state is not ready (say, draining) as not ready in v1", () => {
    const ep = (address: string, state?: "ready" | "draining" | "not-ready") => ({
      address,
      port: 8080,
      serviceAccount: "web",
      vmName: "",
      workload: "",
      ready: true,
      ...(state ? { state } : {}),
    });
    const snap = compileSnapshots({
      ...base,
      services: [
        svc("east", "web", {
          endpoints: [ep("10.0.0.1"), ep("10.0.0.2", "draining"), ep("10.0.0.3", "not-ready")],
        }),
      ],
    }).get("east")!;
    expect(snap.services[0]!.endpoints.map((e) => [e.address, e.ready])).toEqual([
      ["10.0.0.1", true],
      ["10.0.0.2", false],
      ["10.0.0.3", false],
    ]);
  });
});
