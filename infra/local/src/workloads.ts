import { type PortPlan, workloadPorts } from "./ports.ts";
import { type ProxylessWorkload, proxylessServices } from "./proxyless.ts";

/** One demo process and the proxy beside it. */
export interface Workload {
  name: string;
  /**
   * The mesh service the proxy names as its own (the source of its calls in the metrics,
   * its row in the inventory). Each catalog version is its own service (`catalog-v1`), as in
   * a Kubernetes canary: `catalog` is the parent its route splits, so the graph draws
   * frontend → catalog → catalog-v1/v2 → inventory. Policies on `catalog` still apply to both:
   * a proxy enforces those of every service listing it as an endpoint.
   */
  service: string;
  serviceAccount: string;
  appProtocol: "http" | "grpc";
  /** The demo app's script in ../demo and its extra arguments (given the whole demo, for loadgen). */
  script: string;
  args: (ports: ReturnType<typeof workloadPorts>, demo?: readonly Workload[]) => string[];
  ports: ReturnType<typeof workloadPorts>;
}

/** loadgen → frontend → catalog (v1 90% / v2 10%) → inventory (gRPC). */
export function demoWorkloads(plan: PortPlan): Workload[] {
  const specs: Omit<Workload, "ports">[] = [
    {
      name: "loadgen",
      service: "loadgen",
      serviceAccount: "loadgen",
      appProtocol: "http",
      script: "loadgen.ts",
      args: (p, demo = []) => [
        ...["--port", String(p.app), "--outbound", `127.0.0.1:${p.outbound}`, "--rps", "4"],
        ...(demo.length > 0 ? ["--wait-for", meshReadyTargets(demo).join(",")] : []),
      ],
    },
    {
      name: "frontend",
      service: "frontend",
      serviceAccount: "frontend",
      appProtocol: "http",
      script: "frontend.ts",
      args: (p) => ["--port", String(p.app), "--outbound", `127.0.0.1:${p.outbound}`],
    },
    {
      name: "catalog-v1",
      service: "catalog-v1",
      serviceAccount: "catalog",
      appProtocol: "http",
      script: "catalog.ts",
      args: (p) => ["--port", String(p.app), "--outbound", `127.0.0.1:${p.outbound}`, "--version", "v1"],
    },
    {
      name: "catalog-v2",
      service: "catalog-v2",
      serviceAccount: "catalog",
      appProtocol: "http",
      script: "catalog.ts",
      args: (p) => ["--port", String(p.app), "--outbound", `127.0.0.1:${p.outbound}`, "--version", "v2"],
    },
    {
      name: "inventory",
      service: "inventory",
      serviceAccount: "inventory",
      appProtocol: "grpc",
      script: "inventory.ts",
      args: (p) => ["--port", String(p.app)],
    },
  ];
  return specs.map((s, i) => ({ ...s, ports: workloadPorts(plan, i) }));
}

/**
 * What loadgen waits for before sending: every proxy ready (certificate and config: its
 * admin `/ready`) and every other app listening.
 */
export function meshReadyTargets(demo: readonly Workload[]): string[] {
  return [
    ...demo.map((w) => `http://127.0.0.1:${w.ports.admin}/ready`),
    ...demo.filter((w) => w.name !== "loadgen").map((w) => `tcp://127.0.0.1:${w.ports.app}`),
  ];
}

/**
 * The file-discovery document the connector watches (format: proxy/connector/README.md);
 * with the proxyless workloads' services when the demo runs them.
 */
export function discoveryDocument(workloads: Workload[], proxyless: readonly ProxylessWorkload[] = []) {
  const endpoint = (w: Workload) => ({
    address: "127.0.0.1",
    port: w.ports.inbound,
    serviceAccount: w.serviceAccount,
    workload: w.name,
  });
  const byName = (n: string) => workloads.find((w) => w.name === n)!;
  const http = [{ port: 80, protocol: "http", name: "http" }];
  return {
    services: [
      { name: "loadgen", namespace: "default", ports: http, endpoints: [endpoint(byName("loadgen"))] },
      { name: "frontend", namespace: "default", ports: http, endpoints: [endpoint(byName("frontend"))] },
      // `catalog` selects both versions, like a Kubernetes Service; the canary route splits it.
      {
        name: "catalog",
        namespace: "default",
        ports: http,
        endpoints: [endpoint(byName("catalog-v1")), endpoint(byName("catalog-v2"))],
      },
      { name: "catalog-v1", namespace: "default", ports: http, endpoints: [endpoint(byName("catalog-v1"))] },
      { name: "catalog-v2", namespace: "default", ports: http, endpoints: [endpoint(byName("catalog-v2"))] },
      {
        name: "inventory",
        namespace: "default",
        ports: [{ port: 50051, protocol: "grpc", name: "grpc" }],
        endpoints: [endpoint(byName("inventory"))],
      },
      ...(proxyless.length > 0 ? proxylessServices(proxyless) : []),
    ],
  };
}

/** The canary of the demo: 90% of catalog traffic to v1, 10% to v2. */
export function canaryRoute(v2Percent: number) {
  return {
    parentRefs: [{ name: "catalog" }],
    rules: [
      {
        backendRefs: [
          { name: "catalog-v1", weight: 100 - v2Percent },
          { name: "catalog-v2", weight: v2Percent },
        ],
      },
    ],
  };
}
