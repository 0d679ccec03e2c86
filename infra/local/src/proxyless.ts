import { type PortPlan, workloadPorts } from "./ports.ts";

/**
 * The proxyless gRPC corner of the demo: `restock` calls `xds:///warehouse` (GRPCRoute
 * `warehouse-canary`: v1 80% / v2 20%) and the two `warehouse` versions serve through
 * xDS-enabled servers. No trellis-proxy: listeners, routes, clusters, endpoints and mTLS
 * come from the connector's xDS server, each process's bootstrap is written by
 * `trellis-connector xds-bootstrap`, its certificate kept by `trellis-connector cert-agent`,
 * and its calls counted from its load reports (LRS).
 */
export interface ProxylessWorkload {
  /** Process name and xDS node id. */
  name: string;
  service: string;
  serviceAccount: string;
  /** The demo app's script in ../demo. */
  script: string;
  /**
   * Its endpoint in discovery: where the xDS-enabled server listens (`grpc`), or the client's
   * health port (`http`) — the mesh CA signs only identities of discovered endpoints.
   */
  port: number;
  role: "server" | "client";
  args: string[];
}

/** The connector's xDS server in the demo: next to its ProxyControl and admin ports (4192 by default). */
export const xdsPort = (plan: PortPlan) => plan.connector + 2;

/** restock → warehouse (warehouse-v1 / warehouse-v2), on the port slots after the proxied workloads. */
export function proxylessWorkloads(plan: PortPlan, firstSlot = 5): ProxylessWorkload[] {
  const port = (i: number) => workloadPorts(plan, firstSlot + i).app;
  const warehouse = (version: "v1" | "v2", i: number): ProxylessWorkload => ({
    name: `warehouse-${version}`,
    service: `warehouse-${version}`,
    serviceAccount: "warehouse",
    script: "warehouse.ts",
    port: port(i),
    role: "server",
    args: ["--listen", `127.0.0.1:${port(i)}`, "--version", version],
  });
  return [
    warehouse("v1", 0),
    warehouse("v2", 1),
    {
      name: "restock",
      service: "restock",
      serviceAccount: "restock",
      script: "restock.ts",
      port: port(2),
      role: "client",
      args: [
        ...["--target", "xds:///warehouse", "--rps", "2", "--health", `127.0.0.1:${port(2)}`],
        ...["--wait-for", [port(0), port(1)].map((p) => `tcp://127.0.0.1:${p}`).join(",")],
      ],
    },
  ];
}

/** Discovery entries of the proxyless services: `warehouse` selects both versions, like a Kubernetes Service. */
export function proxylessServices(workloads: readonly ProxylessWorkload[]) {
  const grpcPort = [{ port: 50051, protocol: "grpc", name: "grpc" }];
  const httpPort = [{ port: 80, protocol: "http", name: "http" }];
  const servers = workloads.filter((w) => w.role === "server");
  const endpoint = (w: ProxylessWorkload) => ({
    address: "127.0.0.1",
    port: w.port,
    serviceAccount: w.serviceAccount,
    workload: w.name,
  });
  return [
    { name: "warehouse", namespace: "default", ports: grpcPort, endpoints: servers.map(endpoint) },
    ...workloads.map((w) => ({
      name: w.service,
      namespace: "default",
      ports: w.role === "server" ? grpcPort : httpPort,
      endpoints: [endpoint(w)],
    })),
  ];
}

/** The proxyless canary: warehouse's calls split between its versions. */
export function warehouseCanaryRoute(v2Percent: number) {
  return {
    parentRefs: [{ name: "warehouse" }],
    rules: [
      {
        backendRefs: [
          { name: "warehouse-v1", weight: 100 - v2Percent },
          { name: "warehouse-v2", weight: v2Percent },
        ],
      },
    ],
  };
}

/** trellis-connector sub-commands for one proxyless workload: its bootstrap file, then its cert agent. */
export function proxylessCommands(
  w: ProxylessWorkload,
  input: { plan: PortPlan; trustDomain: string; dir: string; bootstrap: string },
) {
  const identity = `spiffe://${input.trustDomain}/ns/default/sa/${w.serviceAccount}`;
  const who = ["--node-id", w.name, "--service", w.service, "--namespace", "default", "--identity", identity];
  return {
    bootstrap: [
      "xds-bootstrap",
      ...who,
      ...[
        "--xds-server",
        `127.0.0.1:${xdsPort(input.plan)}`,
        "--cert-dir",
        input.dir,
        "--out",
        input.bootstrap,
      ],
    ],
    certAgent: [
      "cert-agent",
      ...who,
      ...["--connector", `127.0.0.1:${input.plan.connector}`, "--dir", input.dir, "--log-level", "warn"],
    ],
  };
}
