import { join } from "node:path";
import type { PortPlan } from "./ports.ts";
import type { Workload } from "./workloads.ts";

/**
 * The programs' entry points, from the repository root: the bundled bins (built by
 * `npm ci`/`npm run build`), no TypeScript loader.
 */
export const entryPoints = {
  controlPlane: "services/control-plane/bin/trellis-control-plane.mjs",
  connector: "proxy/connector/bin/trellis-connector.mjs",
  proxy: "proxy/sidecar/bin/trellis-proxy.mjs",
  demoApp: (w: Workload) => join("infra/local/demo", w.script),
};

/** trellis-connector flags for the demo cluster (file discovery on loopback). */
export function connectorArgs(input: {
  plan: PortPlan;
  tunnelUrl: string;
  joinToken: string | null;
  stateDir: string;
  discoveryFile: string;
  maxBackoffMs?: number;
  /** The xDS server's address (`--xds`), for the proxyless workloads. */
  xds?: string;
}): string[] {
  return [
    ...["--control-plane", input.tunnelUrl],
    ...(input.joinToken ? ["--join-token", input.joinToken] : []),
    ...["--state-dir", input.stateDir, "--discovery", `file:${input.discoveryFile}`],
    ...["--listen", `127.0.0.1:${input.plan.connector}`, "--admin", `127.0.0.1:${input.plan.connectorAdmin}`],
    ...(input.maxBackoffMs ? ["--max-backoff-ms", String(input.maxBackoffMs)] : []),
    ...(input.xds ? ["--xds", input.xds] : []),
    ...["--log-level", "warn"],
  ];
}

/** trellis-proxy flags for one demo workload: inbound to its app, outbound for its calls. */
export function proxyArgs(w: Workload, plan: PortPlan, stateDir: string, drainTimeoutMs: number): string[] {
  return [
    ...["--connector", `127.0.0.1:${plan.connector}`, "--namespace", "default"],
    ...["--service-account", w.serviceAccount, "--service", w.service, "--workload", w.name],
    ...[
      "--inbound",
      `127.0.0.1:${w.ports.inbound}`,
      "--app",
      `127.0.0.1:${w.ports.app}`,
      "--app-protocol",
      w.appProtocol,
    ],
    ...["--outbound", `127.0.0.1:${w.ports.outbound}`, "--admin", `127.0.0.1:${w.ports.admin}`],
    ...["--state-dir", stateDir, "--drain-timeout-ms", String(drainTimeoutMs), "--log-level", "warn"],
  ];
}
