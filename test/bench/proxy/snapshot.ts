import { type ConfigSnapshot, configSnapshotSchema } from "@trellis/protocol/snapshot";
import { workloadSpiffeId } from "@trellis/protocol/spiffe";

export const trustDomain = "bench.trellis.test";
export const host = "app.default.svc.cluster.local";

/** One mesh service `app` whose single endpoint is the server proxy's inbound listener. */
export function benchSnapshot(inboundPort: number, rootPem: string): ConfigSnapshot {
  return configSnapshotSchema.parse({
    schema: "trellis.config/v1",
    mesh: { name: "bench", trustDomain },
    cluster: "clu_bench",
    version: 1,
    settings: { mtlsMode: "strict", egressMode: "deny", defaultPolicy: "allow", certTtlSeconds: 86400 },
    services: [
      {
        name: "app",
        namespace: "default",
        hostnames: [host],
        ports: [{ port: 80, protocol: "http" }],
        endpoints: [
          {
            address: "127.0.0.1",
            port: inboundPort,
            identity: workloadSpiffeId(trustDomain, "default", "app"),
            cluster: "clu_bench",
          },
        ],
      },
    ],
    httpRoutes: [],
    grpcRoutes: [],
    retryPolicies: [],
    circuitBreakers: [],
    authorizationPolicies: [],
    rateLimits: [],
    faultInjections: [],
    trustBundle: [rootPem],
  });
}
