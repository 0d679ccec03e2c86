// restock: a proxyless gRPC client (no sidecar) calling `xds:///warehouse` a few times a
// second. Routes (the warehouse canary), endpoints and mTLS come from the connector's xDS
// server; its load reports (LRS) are the mesh's metrics of these calls.
// Run: GRPC_XDS_BOOTSTRAP=… node --import tsx restock.ts --target xds:///warehouse --rps 2
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { register, XdsChannelCredentials } from "@grpc/grpc-js-xds";
import { getStock, inventoryClientOn } from "./inventory-client.ts";
import { waitUntilReady } from "./mesh-ready.ts";

const { values } = parseArgs({
  options: {
    target: { type: "string", default: "xds:///warehouse" },
    rps: { type: "string", default: "2" },
    // A health endpoint: restock is a discovered workload like any other, so the mesh CA
    // signs its identity (it serves nothing else).
    health: { type: "string" },
    // Comma-separated tcp:// targets (the warehouse servers) to wait for before the first call.
    "wait-for": { type: "string", default: "" },
  },
});
if (values.health) {
  const at = values.health.lastIndexOf(":");
  createServer((_req, res) => res.end("ok")).listen(
    Number(values.health.slice(at + 1)),
    values.health.slice(0, at),
  );
}
register();
// Calls start once the servers serve: no start-up failures in the demo's first view.
await waitUntilReady(values["wait-for"].split(",").filter(Boolean), (line) =>
  console.log(line.replace("loadgen", "restock")),
);
console.log(`restock: the warehouse serves; calling ${values.target}`);
const client = inventoryClientOn(values.target, new XdsChannelCredentials(grpc.credentials.createInsecure()));
const intervalMs = 1000 / Math.max(0.1, Number(values.rps));
const served: Record<string, number> = {};
let failed = 0;
const errors = new Set<string>();
setInterval(() => {
  if (Object.keys(served).length > 0 || failed > 0)
    console.log(
      `restock: served ${JSON.stringify(served)}, ${failed} failed in the last 30 s${errors.size > 0 ? ` (${[...errors].join("; ")})` : ""}`,
    );
  for (const k of Object.keys(served)) delete served[k];
  failed = 0;
  errors.clear();
}, 30_000).unref();
const skus = ["bolt", "nut", "washer", "gear"];
let i = 0;
const timer = setInterval(() => {
  getStock(client, skus[i++ % skus.length]!).then(
    (r) => (served[r.warehouse] = (served[r.warehouse] ?? 0) + 1),
    (err: Error) => {
      failed++;
      errors.add(err.message);
    },
  );
}, intervalMs);
process.once("SIGTERM", () => {
  clearInterval(timer);
  client.close();
  process.exit(0);
});
