import { type ConfigSnapshot, snapshotSchemaId } from "@trellis/protocol/snapshot";

/**
 * A small valid config snapshot for tests (one service, one endpoint, no routes), as the
 * control plane's compiler would produce it. `overrides` replace top-level fields.
 */
export function sampleSnapshot(version: number, overrides: Partial<ConfigSnapshot> = {}): ConfigSnapshot {
  return {
    schema: snapshotSchemaId,
    mesh: { name: "demo", trustDomain: "demo.trellis.test" },
    cluster: "clu_test",
    version,
    settings: { mtlsMode: "strict", egressMode: "allow", defaultPolicy: "allow", certTtlSeconds: 86_400 },
    services: [
      {
        name: "web",
        namespace: "default",
        hostnames: ["web", "web.default", "web.default.svc.cluster.local"],
        ports: [{ port: 8080, protocol: "http" }],
        endpoints: [
          {
            address: "127.0.0.1",
            port: 4143,
            identity: "spiffe://demo.trellis.test/ns/default/sa/web",
            cluster: "clu_test",
            ready: true,
          },
        ],
        loadBalancer: "p2c-ewma",
      },
    ],
    httpRoutes: [],
    grpcRoutes: [],
    retryPolicies: [],
    circuitBreakers: [],
    authorizationPolicies: [],
    rateLimits: [],
    faultInjections: [],
    trustBundle: [],
    ...overrides,
  };
}

/** The snapshot as the bytes a tunnel ConfigSnapshot carries. */
export function samplePayload(version: number, overrides: Partial<ConfigSnapshot> = {}): Buffer {
  return Buffer.from(JSON.stringify(sampleSnapshot(version, overrides)));
}
