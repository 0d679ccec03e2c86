// inventory: a gRPC server answering GetStock. Run: node --import tsx inventory.ts --port 7003
import { parseArgs } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { inventoryService } from "./inventory-client.ts";

const { values } = parseArgs({
  options: { port: { type: "string" }, host: { type: "string", default: "127.0.0.1" } },
});
const server = new grpc.Server();
server.addService(inventoryService, {
  GetStock: (call: grpc.ServerUnaryCall<{ sku: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
    const sku = call.request.sku;
    if (!sku) return callback({ code: grpc.status.INVALID_ARGUMENT, details: "sku is required" });
    // Deterministic per item, so the demo's numbers are stable.
    const quantity = [...sku].reduce((n, ch) => (n * 31 + ch.charCodeAt(0)) % 97, 7);
    callback(null, { sku, quantity, warehouse: "eu-west" });
  },
});
server.bindAsync(`${values.host}:${values.port}`, grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) throw err;
  console.log(`inventory listening on ${values.host}:${port}`);
});
process.once("SIGTERM", () => server.tryShutdown(() => process.exit(0)));
