// warehouse: a proxyless gRPC server (no sidecar) answering GetStock. Its listener, mTLS and
// authorization come from the connector's xDS server through the bootstrap in
// GRPC_XDS_BOOTSTRAP. Run: node --import tsx warehouse.ts --listen 127.0.0.1:7150 --version v1
import { parseArgs } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { register, XdsServer, XdsServerCredentials } from "@grpc/grpc-js-xds";
import { inventoryService } from "./inventory-client.ts";

const { values } = parseArgs({
  options: { listen: { type: "string" }, version: { type: "string", default: "v1" } },
});
// Registers the xDS HTTP filters (router, fault, RBAC) a server's listener names too.
register();
const server = new XdsServer();
server.addService(inventoryService, {
  GetStock: (call: grpc.ServerUnaryCall<{ sku: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
    const sku = call.request.sku;
    if (!sku) return callback({ code: grpc.status.INVALID_ARGUMENT, details: "sku is required" });
    const quantity = [...sku].reduce((n, ch) => (n * 17 + ch.charCodeAt(0)) % 89, 3);
    callback(null, { sku, quantity, warehouse: `warehouse-${values.version}` });
  },
});
// The port is bound only once the connector has sent this server's listener.
server.bindAsync(values.listen!, new XdsServerCredentials(grpc.ServerCredentials.createInsecure()), (err) => {
  if (err) throw err;
  console.log(`warehouse-${values.version} serving on ${values.listen} (proxyless, xDS)`);
});
process.once("SIGTERM", () => server.tryShutdown(() => process.exit(0)));
