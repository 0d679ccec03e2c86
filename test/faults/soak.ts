// `npm run soak` (not part of `npm test`): the demo mesh on a real control plane (embedded
// PGlite), steady traffic through loadgen → frontend → catalog → inventory, then the
// control plane killed for --outage-minutes (default 30) with a kill -9 and restart of the
// connector and a SIGTERM restart of a proxy in the middle. Prints requests, failures by
// reason and the resync time once the control plane is back; exits 1 on any failure.
import { parseArgs } from "node:util";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { FaultMesh } from "./fault-mesh.ts";
import { Load } from "./load.ts";

const { values } = parseArgs({
  options: {
    "outage-minutes": { type: "string", default: "30" },
    rps: { type: "string", default: "10" },
  },
});
const outageMs = Number(values["outage-minutes"]) * 60_000;
const rps = Number(values.rps);
if (!(outageMs > 0) || !(rps > 0)) throw new Error("--outage-minutes and --rps must be positive numbers");

const started = Date.now();
const at = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (msg: string) => console.log(`[${at()}] ${msg}`);
const sleepUntil = (t: number, what: string) =>
  waitFor(() => Date.now() >= t, { what, timeoutMs: t - Date.now() + 10_000, intervalMs: 250 });

say("starting the control plane and the demo mesh…");
const f = await FaultMesh.start();
let code = 1;
try {
  const load = new Load(f.outbound, "frontend", { rps, timeoutMs: 15_000 }).start();
  say(`traffic: ${rps} requests/s to frontend through loadgen's proxy`);
  await sleepUntil(Date.now() + 10_000, "warm-up");

  await f.stopControlPlane("SIGKILL");
  const downAt = Date.now();
  say(`control plane killed (kill -9); down for ${outageMs / 60_000} min`);

  await sleepUntil(downAt + outageMs / 2, "half the outage");
  await f.mesh.restart("connector", "SIGKILL");
  const connectorRestartAt = Date.now();
  await waitFor(async () => (await fetch(`http://127.0.0.1:${f.mesh.plan.connectorAdmin}/ready`)).ok, {
    what: "the restarted connector to serve its state dir",
    timeoutMs: 60_000,
    intervalMs: 50,
  });
  const connectorReadyMs = Date.now() - connectorRestartAt;
  say(`connector killed and restarted: ready from its state dir in ${connectorReadyMs} ms`);

  await sleepUntil(Date.now() + Math.min(30_000, outageMs / 10), "a pause before the proxy restart");
  const proxyRestartAt = Date.now();
  await f.restartProxy("catalog-v1");
  say(`catalog-v1's proxy restarted (SIGTERM): ready again in ${Date.now() - proxyRestartAt} ms`);

  await sleepUntil(downAt + outageMs, "the end of the outage");
  const before = await f.connectorStatus(); // the restarted connector's count, not the first one's
  await f.startControlPlane();
  const backAt = Date.now();
  say("control plane started again");
  const { connectedMs, inSyncMs } = await f.resync(before.connects, backAt);
  say(
    `resync: connector reconnected in ${connectedMs} ms, every cluster and proxy in sync in ${inSyncMs} ms`,
  );

  await sleepUntil(Date.now() + 10_000, "traffic after the return");
  await load.stop();
  const failures = load.failures();
  const during = load.since(downAt).filter((o) => o.atMs < backAt);
  console.log(`
soak summary
  outage                     ${(backAt - downAt) / 1000} s (control plane kill -9 → restart)
  requests                   ${load.outcomes.length} (${during.length} during the outage)
  failed                     ${failures.length}
  failures by reason         ${failures.length ? JSON.stringify(load.byReason()) : "none"}
  slowest request            ${Math.round(Math.max(...load.outcomes.map((o) => o.ms)))} ms
  connector restart → ready  ${connectorReadyMs} ms
  resync after the return    reconnected ${connectedMs} ms, in sync ${inSyncMs} ms
  unexpected process exits   ${f.mesh.unexpectedExits.length ? f.mesh.unexpectedExits.join(", ") : "none"}`);
  code = failures.length === 0 && f.mesh.unexpectedExits.length === 0 ? 0 : 1;
} finally {
  await f.stop();
}
process.exit(code);
