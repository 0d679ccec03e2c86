// `npm start`: the control plane on embedded defaults (PGlite and the builtin CA in
// ./.trellis, billing off) and, unless --no-demo, a live demo mesh on this machine: a real
// trellis-connector with file discovery and real app processes, each behind its own
// trellis-proxy. Ctrl-C stops everything; the next start reuses the data.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { stringify } from "yaml";
import { getViaOutbound } from "./demo/http-json.ts";
import { isReady } from "./demo/mesh-ready.ts";
import { bootstrapDemo, type DemoCredentials } from "./src/bootstrap.ts";
import { connectorArgs, entryPoints, proxyArgs } from "./src/commands.ts";
import { buildConsoleIfMissing } from "./src/console-build.ts";
import { assertFree, portPlan } from "./src/ports.ts";
import { ProcessGroup } from "./src/processes.ts";
import { waitFor, waitForHttp } from "./src/wait.ts";
import { demoWorkloads, discoveryDocument, meshReadyTargets } from "./src/workloads.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { "no-demo": { type: "boolean", default: false } }, strict: true });
const withDemo = !values["no-demo"];

const plan = portPlan(process.env);
const dataDir = resolve(process.env.TRELLIS_DATA_DIR ?? join(root, ".trellis"));
const demoDir = join(dataDir, "demo");
const workloads = demoWorkloads(plan);

await assertFree(plan.api, "API and console", "PORT");
await assertFree(plan.tunnel, "tunnel", "TUNNEL_PORT");
if (withDemo) {
  await assertFree(plan.connector, "demo connector", "TRELLIS_DEMO_CONNECTOR_PORT");
  await assertFree(plan.connectorAdmin, "demo connector admin", "TRELLIS_DEMO_CONNECTOR_ADMIN_PORT");
  for (const w of workloads)
    for (const [what, port] of Object.entries(w.ports))
      await assertFree(port, `demo ${w.name} ${what}`, "TRELLIS_DEMO_BASE_PORT");
}

await buildConsoleIfMissing(root);

const group = new ProcessGroup(join(demoDir, "logs"), (name, code) => {
  console.error(`\n${name} exited unexpectedly (code ${code}); see ${group.logFile(name)}`);
  void shutdown(1);
});
let shuttingDown = false;
async function shutdown(code: number): Promise<never> {
  if (shuttingDown) {
    // A second Ctrl-C: stop at once, but leave no process behind.
    group.killNow();
    process.exit(code);
  }
  shuttingDown = true;
  console.log("\nstopping… (Ctrl-C again to stop at once)");
  await group.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

const apiUrl = `http://127.0.0.1:${plan.api}`;
group.start(
  "control-plane",
  join(root, entryPoints.controlPlane),
  [],
  {
    ...process.env,
    TRELLIS_DATA_DIR: dataDir,
    PORT: String(plan.api),
    TUNNEL_PORT: String(plan.tunnel),
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  },
  0,
);
await waitForHttp(`${apiUrl}/healthz`, 120_000, "the control plane").catch(async (err: Error) => {
  console.error(`${err.message}; see ${group.logFile("control-plane")}`);
  await shutdown(1);
});

let credentials: DemoCredentials | null = null;
try {
  if (withDemo) credentials = await startDemo();
} catch (err) {
  console.error(`\nthe demo did not come up: ${(err as Error).message}\nlogs: ${join(demoDir, "logs")}`);
  await shutdown(1);
}

console.log(`
Trellis is running.
  console   ${apiUrl}/${credentials ? `      (log in as ${credentials.email} / ${credentials.password})` : ""}
  API       ${apiUrl}/v1   (reference: ${apiUrl}/v1/openapi.json)
  tunnel    http://127.0.0.1:${plan.tunnel}
  data      ${dataDir}${withDemo ? `\n  logs      ${join(demoDir, "logs")}` : ""}
${
  credentials
    ? `
Try:
  npx trellis login --url ${apiUrl} --token ${credentials.token}
  npx trellis check
  npx trellis stat catalog --mesh demo
  npx trellis get HTTPRoute catalog-canary --mesh demo -o yaml
  # shift the canary to 50/50:
  npx trellis apply --mesh demo -f ${join(here, "demo/canary-50.yaml")}
`
    : ""
}
Press Ctrl-C to stop.`);

async function startDemo(): Promise<DemoCredentials> {
  const connectorState = join(demoDir, "connector");
  const { credentials, joinToken } = await bootstrapDemo(
    apiUrl,
    join(demoDir, "credentials.json"),
    existsSync(join(connectorState, "credential.json")),
  );
  const discoveryFile = join(demoDir, "services.yaml");
  mkdirSync(demoDir, { recursive: true });
  writeFileSync(discoveryFile, stringify(discoveryDocument(workloads)));
  const tunnelUrl = `http://127.0.0.1:${plan.tunnel}`;
  const connector = connectorArgs({ plan, tunnelUrl, joinToken, stateDir: connectorState, discoveryFile });
  group.start("connector", join(root, entryPoints.connector), connector, process.env, 1);
  await waitForHttp(
    `http://127.0.0.1:${plan.connectorAdmin}/ready`,
    120_000,
    "the demo connector to receive its config",
  );
  for (const w of workloads) {
    group.start(w.name, join(root, entryPoints.demoApp(w)), w.args(w.ports, workloads));
    const stateDir = join(demoDir, "proxies", w.name);
    group.start(`${w.name}-proxy`, join(root, entryPoints.proxy), proxyArgs(w, plan, stateDir, 3000));
  }
  for (const w of workloads)
    await waitForHttp(
      `http://127.0.0.1:${w.ports.admin}/ready`,
      120_000,
      `the ${w.name} proxy to get its certificate and config`,
    );
  // What loadgen itself waits for; then the probe below is the mesh's first request, not a
  // failure counted against it.
  for (const target of meshReadyTargets(workloads))
    await waitFor(() => isReady(target), 60_000, `${target} (the demo apps)`);
  const loadgen = workloads.find((w) => w.name === "loadgen")!;
  await waitFor(
    async () => (await getViaOutbound(`127.0.0.1:${loadgen.ports.outbound}`, "frontend", "/")).status === 200,
    60_000,
    "the first request through the mesh (loadgen → frontend → catalog → inventory)",
  );
  return credentials;
}
