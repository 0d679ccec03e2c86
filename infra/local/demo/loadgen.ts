// loadgen: a gentle, steady stream of requests to frontend through the mesh, so the graph is alive.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { getViaOutbound } from "./http-json.ts";
import { waitUntilReady } from "./mesh-ready.ts";

const { values } = parseArgs({
  options: {
    outbound: { type: "string" },
    rps: { type: "string", default: "5" },
    port: { type: "string" },
    // Comma-separated http:// (must answer 200) and tcp:// (must accept) targets: the mesh.
    "wait-for": { type: "string", default: "" },
  },
});
// A health endpoint, so loadgen is a workload like any other (its proxy has an inbound side).
if (values.port) createServer((_req, res) => res.end("ok")).listen(Number(values.port), "127.0.0.1");
// Traffic starts once the mesh can carry it: no start-up failures in the first view.
await waitUntilReady(values["wait-for"].split(",").filter(Boolean), console.log);
console.log("loadgen: the mesh is ready; sending traffic");
const intervalMs = 1000 / Math.max(0.1, Number(values.rps));
let stopped = false;
process.once("SIGTERM", () => {
  stopped = true;
});

let ok = 0;
let failed = 0;
setInterval(() => {
  if (ok + failed > 0) console.log(`loadgen: ${ok} ok, ${failed} failed in the last 30 s`);
  ok = 0;
  failed = 0;
}, 30_000).unref();

while (!stopped) {
  const started = Date.now();
  getViaOutbound(values.outbound!, "frontend", "/", {}, 15_000).then(
    (r) => (r.status === 200 ? ok++ : failed++),
    () => failed++,
  );
  await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - started))));
}
process.exit(0);
