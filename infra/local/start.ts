// `npm start`: the control plane on embedded defaults (PGlite and the builtin CA in
// ./.trellis, billing off) and, unless --no-demo, a live demo mesh on this machine: a real
// trellis-connector with file discovery and real app processes, each behind its own
// trellis-proxy. Ctrl-C stops everything; the next start reuses the data. If the control
// plane dies the demo keeps running on its last-known-good config (static stability) and the
// control plane is started again after a pause; `npm start -- --control-plane-only` (or a
// second `npm start` while the demo runs) starts it at once, joining the running demo.
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
import { startControlPlane, superviseControlPlane } from "./src/control-plane.ts";
import { removeLock, runningDemo, writeLock } from "./src/launcher-lock.ts";
import { assertFree, portPlan } from "./src/ports.ts";
import { ProcessGroup } from "./src/processes.ts";
import { proxylessWorkloads, xdsPort } from "./src/proxyless.ts";
import { startProxyless } from "./src/proxyless-start.ts";
import { waitFor, waitForHttp } from "./src/wait.ts";
import { demoWorkloads, discoveryDocument, meshReadyTargets } from "./src/workloads.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    "no-demo": { type: "boolean", default: false },
    "control-plane-only": { type: "boolean", default: false },
  },
  strict: true,
});

const dataDir = resolve(process.env.TRELLIS_DATA_DIR ?? join(root, ".trellis"));
const demoDir = join(dataDir, "demo");
// A demo already running on this data folder: this start only brings its control plane back.
const demo = values["no-demo"] ? null : runningDemo(dataDir);
const joining = values["control-plane-only"] || demo !== null;
const withDemo = !values["no-demo"] && !joining;
const plan = demo ? { ...portPlan(process.env), api: demo.api, tunnel: demo.tunnel } : portPlan(process.env);
const workloads = demoWorkloads(plan);
const proxyless = proxylessWorkloads(plan);
/** How long a dead control plane stays down under the demo before it is started again. */
const restartDelayMs = Number(process.env.TRELLIS_DEMO_RESTART_DELAY_S ?? 60) * 1000;

await assertFree(plan.api, "API and console", "PORT").catch((err: Error) => {
  if (!joining) throw err;
  console.error(`a control plane already serves port ${plan.api}: Trellis is running (${err.message})`);
  process.exit(1);
});
await assertFree(plan.tunnel, "tunnel", "TUNNEL_PORT");
if (withDemo) {
  await assertFree(plan.connector, "demo connector", "TRELLIS_DEMO_CONNECTOR_PORT");
  await assertFree(plan.connectorAdmin, "demo connector admin", "TRELLIS_DEMO_CONNECTOR_ADMIN_PORT");
  for (const w of workloads)
    for (const [what, port] of Object.entries(w.ports))
      await assertFree(port, `demo ${w.name} ${what}`, "TRELLIS_DEMO_BASE_PORT");
  await assertFree(xdsPort(plan), "demo connector xDS", "TRELLIS_DEMO_CONNECTOR_PORT");
  for (const w of proxyless)
    await assertFree(w.port, `demo ${w.name} (proxyless gRPC)`, "TRELLIS_DEMO_BASE_PORT");
}

await buildConsoleIfMissing(root);

const group = new ProcessGroup(join(demoDir, "logs"), (name, code, signal) => {
  const how = signal ?? `code ${code}`;
  // Once the demo is up, a process that dies is something to watch the mesh survive, not a
  // reason to stop: the control plane is started again after a pause, the rest is reported.
  if (demoUp && !shuttingDown) {
    if (name === "control-plane") return supervisor.onExit(code, signal);
    return console.log(
      `\n${name} exited (${how}); the rest of the demo keeps running. Log: ${group.logFile(name)}`,
    );
  }
  console.error(`\n${name} exited unexpectedly (${how}); see ${group.logFile(name)}`);
  void shutdown(1);
});
const supervisor = superviseControlPlane({ group, root, plan, dataDir, restartDelayMs, log: console.log });
let shuttingDown = false;
let demoUp = false;
async function shutdown(code: number): Promise<never> {
  if (shuttingDown) {
    // A second Ctrl-C: stop at once, but leave no process behind.
    group.killNow();
    process.exit(code);
  }
  shuttingDown = true;
  supervisor.cancel();
  if (withDemo) removeLock(dataDir);
  console.log("\nstopping… (Ctrl-C again to stop at once)");
  await group.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

const apiUrl = `http://127.0.0.1:${plan.api}`;
const controlPlane = startControlPlane(group, root, plan, dataDir);
await waitForHttp(`${apiUrl}/healthz`, 120_000, "the control plane").catch(async (err: Error) => {
  console.error(`${err.message}; see ${group.logFile("control-plane")}`);
  await shutdown(1);
});

if (joining) {
  console.log(`
The Trellis control plane is running (pid ${controlPlane.pid}).
  API       ${apiUrl}/v1
  tunnel    http://127.0.0.1:${plan.tunnel}
${demo ? `It joined the demo of the \`npm start\` running as pid ${demo.pid}: its connector reconnects and resyncs within seconds.` : "No running demo was found on this data folder; it runs alone."}
Press Ctrl-C to stop it (the demo keeps running).`);
} else {
  let credentials: DemoCredentials | null = null;
  try {
    if (withDemo) {
      credentials = await startDemo();
      writeLock(dataDir, { pid: process.pid, api: plan.api, tunnel: plan.tunnel });
      demoUp = true;
    }
  } catch (err) {
    console.error(`\nthe demo did not come up: ${(err as Error).message}\nlogs: ${join(demoDir, "logs")}`);
    await shutdown(1);
  }
  printBanner(credentials);
}

function printBanner(credentials: DemoCredentials | null): void {
  console.log(`
Trellis is running.
  console   ${apiUrl}/${credentials ? `      (log in as ${credentials.email} / ${credentials.password})` : ""}
  API       ${apiUrl}/v1   (reference: ${apiUrl}/v1/openapi.json)
  tunnel    http://127.0.0.1:${plan.tunnel}
  data      ${dataDir}${withDemo ? `\n  logs      ${join(demoDir, "logs")}` : ""}
  control plane pid ${controlPlane.pid}${withDemo ? ` — \`kill ${controlPlane.pid}\` and the demo mesh keeps serving without it` : ""}
${
  credentials
    ? `
Try:
  npx trellis login --url ${apiUrl} --token ${credentials.token}
  npx trellis check
  npx trellis stat catalog --mesh demo
  npx trellis get HTTPRoute catalog-canary --mesh demo -o yaml
  npx trellis get proxies --mesh demo      # restock, warehouse-v1/v2: grpc-proxyless, no sidecar
  # shift the canary to 50/50:
  npx trellis apply --mesh demo -f ${join(here, "demo/canary-50.yaml")}
`
    : ""
}
Press Ctrl-C to stop.`);
}

async function startDemo(): Promise<DemoCredentials> {
  const connectorState = join(demoDir, "connector");
  const { credentials, joinToken, trustDomain } = await bootstrapDemo(
    apiUrl,
    join(demoDir, "credentials.json"),
    existsSync(join(connectorState, "credential.json")),
  );
  const discoveryFile = join(demoDir, "services.yaml");
  mkdirSync(demoDir, { recursive: true });
  writeFileSync(discoveryFile, stringify(discoveryDocument(workloads, proxyless)));
  const tunnelUrl = `http://127.0.0.1:${plan.tunnel}`;
  // Back within seconds of the control plane (the default backoff caps at 30 s).
  const connector = connectorArgs({
    plan,
    tunnelUrl,
    joinToken,
    stateDir: connectorState,
    discoveryFile,
    maxBackoffMs: 3000,
    xds: `127.0.0.1:${xdsPort(plan)}`,
  });
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
  // restock → warehouse v1/v2: proxyless gRPC, fed by the connector's xDS server.
  await startProxyless({ group, root, demoDir, plan, trustDomain, workloads: proxyless });
  const loadgen = workloads.find((w) => w.name === "loadgen")!;
  await waitFor(
    async () => (await getViaOutbound(`127.0.0.1:${loadgen.ports.outbound}`, "frontend", "/")).status === 200,
    60_000,
    "the first request through the mesh (loadgen → frontend → catalog → inventory)",
  );
  return credentials;
}
