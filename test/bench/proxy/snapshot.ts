import { type ConfigSnapshot, configSnapshotSchema } from "@trellis/protocol/snapshot";
import { workloadSpiffeId } from "@trellis/protocol/spiffe";

export const trustDomain = "bench.trellis.test";
export const host = "app.default.svc.cluster.local";

/** The path the `localRoute` snapshot answers in the client proxy itself. */
export const localPath = "/local";

/**
 * One mesh service `app` whose single endpoint is the server proxy's inbound listener.
 * With `localRoute`, requests for `/local…` are answered by the client proxy itself (a
 * RequestRedirect): the proxy's own request handling, with no hop and no app behind it.
 */
export function benchSnapshot(
  inboundPort: number,
  rootPem: string,
  opts: { localRoute?: boolean } = {},
): ConfigSnapshot {
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
    httpRoutes: opts.localRoute
      ? [
          {
            name: "app",
            generation: 1,
            spec: {
              parentRefs: [{ name: "app" }],
              rules: [
                {
                  matches: [{ path: { type: "PathPrefix", value: localPath } }],
                  filters: [
                    {
                      type: "RequestRedirect",
                      requestRedirect: {
                        path: { type: "ReplaceFullPath", replaceFullPath: "/" },
                        statusCode: 302,
                      },
                    },
                  ],
                },
                { backendRefs: [{ name: "app" }] },
              ],
            },
          },
        ]
      : [],
    grpcRoutes: [],
    retryPolicies: [],
    circuitBreakers: [],
    authorizationPolicies: [],
    rateLimits: [],
    faultInjections: [],
    trustBundle: [rootPem],
  });
}
