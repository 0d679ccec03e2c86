import type { CompileInput, DiscoveredClusterService, EndpointState } from "../inputs.ts";
import { meshInput, resource } from "./mesh-fixtures.ts";

/** A small seeded generator (mulberry32): the same seed gives the same mesh on every run. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  some<T>(max: number, make: () => T): T[] {
    return Array.from({ length: this.int(max + 1) }, make);
  }
  shuffle<T>(list: readonly T[]): T[] {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

const names = ["web", "web-v2", "cart", "pay", "db", "search"];
const namespaces = ["shop", "ops"];
const ports = [
  { port: 80, protocol: "http" },
  { port: 8080, protocol: "http2" },
  { port: 9090, protocol: "grpc" },
  { port: 5432, protocol: "tcp" },
  { port: 7000, protocol: "redis" },
];
const paths = ["/", "/a", "/a/b", "/a/", "/b", "/login"];

/**
 * A random mesh: services across two clusters (some ports opaque, endpoints in every
 * state, some unusable), and routes and policies that name known and unknown services,
 * ports and routes, with valid and invalid specs. What property tests run the compiler on.
 */
export function randomMesh(r: Random): CompileInput {
  const services: DiscoveredClusterService[] = r.some(8, () => ({
    cluster: r.pick(["east", "west"]),
    name: r.pick(names),
    namespace: r.pick(namespaces),
    ports: r.some(2, () => r.pick(ports)),
    endpoints: r.some(3, () => ({
      address: r.chance(0.1) ? "" : `10.0.${r.int(3)}.${r.int(9)}`,
      port: r.pick([4143, 8080]),
      serviceAccount: r.pick(["", "web", "cart"]),
      vmName: r.chance(0.2) ? "vm-1" : "",
      workload: r.pick(["", "pod-1"]),
      ready: r.chance(0.7),
      ...(r.chance(0.3) ? { state: r.pick<EndpointState>(["ready", "draining", "not-ready"]) } : {}),
    })),
  }));
  // Mostly a service that exists, sometimes one that does not.
  const ref = () => {
    const known = services.length > 0 && r.chance(0.8) ? r.pick(services) : undefined;
    return {
      name: known?.name ?? r.pick([...names, "ghost"]),
      namespace: known?.namespace ?? r.pick(namespaces),
      ...(r.chance(0.2) ? { port: r.pick(ports).port } : {}),
    };
  };
  const backend = () => ({ ...ref(), weight: r.pick([0, 1, 3, 50, 999_999]) });
  const httpMatch = () => ({
    ...(r.chance(0.7)
      ? { path: { type: r.pick(["Exact", "PathPrefix", "RegularExpression"]), value: r.pick(paths) } }
      : {}),
    ...(r.chance(0.3) ? { method: r.pick(["GET", "POST"]) } : {}),
    ...(r.chance(0.3) ? { headers: [{ name: "X-Flag", value: r.pick(["a", "b"]) }] } : {}),
  });
  const routeName = () => r.pick(["r1", "r2", "r3", "g1"]);
  const resources = [
    ...r.some(3, () =>
      resource("HTTPRoute", routeName(), {
        parentRefs: r.some(2, ref).concat([ref()]),
        ...(r.chance(0.2) ? { hostnames: ["a.example.com", "*.b.example.com"] } : {}),
        rules: r
          .some(2, () => ({
            ...(r.chance(0.5) ? { name: r.pick(["read", "write"]) } : {}),
            matches: r.some(2, httpMatch),
            backendRefs: r.some(3, backend),
            ...(r.chance(0.3)
              ? {
                  filters: [
                    { type: "RequestMirror", requestMirror: { backendRef: ref(), percent: r.int(101) } },
                  ],
                }
              : {}),
            ...(r.chance(0.3)
              ? { timeouts: { request: r.pick(["0s", "1s", "99999h"]), backendRequest: "2s" } }
              : {}),
          }))
          .concat([{ matches: [], backendRefs: [backend()] }]),
      }),
    ),
    ...r.some(2, () =>
      resource("GRPCRoute", routeName(), {
        parentRefs: [ref()],
        rules: [
          {
            matches: [{ method: { service: "shop.Cart", ...(r.chance(0.5) ? { method: "Add" } : {}) } }],
            backendRefs: [backend(), backend()],
          },
        ],
      }),
    ),
    ...r.some(2, () =>
      resource("RetryPolicy", r.pick(["p1", "p2"]), {
        targetRef: r.chance(0.5) ? { kind: "Service", ...ref() } : { kind: "HTTPRoute", name: routeName() },
        attempts: 1 + r.int(5),
      }),
    ),
    ...r.some(2, () =>
      resource("FaultInjection", r.pick(["f1", "f2"]), {
        targetRef: r.chance(0.5)
          ? { kind: "Service", name: r.pick(names), namespace: "shop" }
          : { kind: "HTTPRoute", name: routeName() },
        ...(r.chance(0.5) ? { matches: r.some(2, httpMatch) } : {}),
        abort: { httpStatus: 503, percent: r.int(101) },
      }),
    ),
    ...r.some(2, () =>
      resource("CircuitBreaker", r.pick(["c1", "c2"]), {
        targetRef: { kind: "Service", name: r.pick(names), namespace: r.pick(namespaces) },
        ...(r.chance(0.5) ? { limits: { maxConnections: 1 + r.int(100) } } : { outlierDetection: {} }),
      }),
    ),
    ...r.some(2, () =>
      resource("AuthorizationPolicy", r.pick(["a1", "a2"]), {
        targetRef: { kind: "Service", name: r.pick(names), namespace: r.pick(namespaces) },
        action: r.pick(["ALLOW", "DENY"]),
        rules: [
          {
            from: [
              r.pick([{}, { namespaces: ["shop"] }, { meshes: ["shop", "x"] }, { unauthenticated: true }]),
            ],
            ...(r.chance(0.4) ? { to: [{ routes: [routeName(), "read"] }] } : {}),
          },
        ],
      }),
    ),
    ...r.some(2, () =>
      resource("RateLimit", r.pick(["l1", "l2"]), {
        targetRef: r.chance(0.5)
          ? { kind: "Service", name: r.pick(names), namespace: "shop" }
          : { kind: "HTTPRoute", name: routeName() },
        requests: 1 + r.int(100),
        per: r.pick(["1s", "0s", "1m"]),
      }),
    ),
  ];
  // Names are unique per kind in a mesh: the last of a kind and name stands.
  const unique = new Map(resources.map((x) => [`${x.kind}/${x.name}`, x]));
  return meshInput({
    mesh: { name: "shop", trustDomain: "shop.trellis.test", configVersion: 1 + r.int(1000) },
    clusters: [
      { id: "clu_1", name: "east" },
      { id: "clu_2", name: "west" },
    ],
    services,
    resources: [...unique.values()],
  });
}
