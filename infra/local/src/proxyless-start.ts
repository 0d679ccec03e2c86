import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { isReady } from "../demo/mesh-ready.ts";
import { entryPoints } from "./commands.ts";
import type { PortPlan } from "./ports.ts";
import type { ProcessGroup } from "./processes.ts";
import { type ProxylessWorkload, proxylessCommands } from "./proxyless.ts";
import { waitFor } from "./wait.ts";

/**
 * Starts the proxyless workloads as a user runs them: `trellis-connector xds-bootstrap`
 * writes each bootstrap, `trellis-connector cert-agent` keeps each certificate, and the app
 * runs with `GRPC_XDS_BOOTSTRAP` — nothing else between it and the mesh. Resolves when the
 * warehouse servers listen (they bind only once the connector sent their listener and their
 * certificate is on disk).
 */
export async function startProxyless(input: {
  group: ProcessGroup;
  root: string;
  demoDir: string;
  plan: PortPlan;
  trustDomain: string;
  workloads: readonly ProxylessWorkload[];
}): Promise<void> {
  const connector = join(input.root, entryPoints.connector);
  for (const w of input.workloads) {
    const dir = join(input.demoDir, "proxyless", w.name);
    mkdirSync(dir, { recursive: true });
    const bootstrap = join(dir, "bootstrap.json");
    const commands = proxylessCommands(w, {
      plan: input.plan,
      trustDomain: input.trustDomain,
      dir,
      bootstrap,
    });
    await promisify(execFile)(process.execPath, [connector, ...commands.bootstrap]);
    input.group.start(`${w.name}-cert-agent`, connector, commands.certAgent);
    input.group.start(w.name, join(input.root, "infra/local/demo", w.script), w.args, {
      ...process.env,
      GRPC_XDS_BOOTSTRAP: bootstrap,
    });
  }
  for (const w of input.workloads)
    if (w.role === "server")
      await waitFor(
        () => isReady(`tcp://127.0.0.1:${w.port}`),
        120_000,
        `${w.name} (proxyless gRPC) to get its listener and certificate`,
      );
}
