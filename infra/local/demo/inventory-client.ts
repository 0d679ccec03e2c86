import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";

export interface StockReply {
  sku: string;
  quantity: number;
  warehouse: string;
}

type Unary = (
  req: { sku: string },
  meta: grpc.Metadata,
  opts: grpc.CallOptions,
  cb: (err: grpc.ServiceError | null, res?: StockReply) => void,
) => void;
export type InventoryClient = grpc.Client & { GetStock: Unary };
type InventoryCtor = new (
  address: string,
  creds: grpc.ChannelCredentials,
  options?: grpc.ChannelOptions,
) => InventoryClient;

const definition = loadSync(join(dirname(fileURLToPath(import.meta.url)), "inventory.proto"), {
  keepCase: false,
  defaults: true,
});
const pkg = grpc.loadPackageDefinition(definition) as unknown as {
  inventory: { v1: { Inventory: InventoryCtor & { service: grpc.ServiceDefinition } } };
};

export const inventoryService = pkg.inventory.v1.Inventory.service;

/** A client that sends through the local proxy's outbound listener, addressed to the `inventory` service. */
export function inventoryClient(outbound: string): InventoryClient {
  return new pkg.inventory.v1.Inventory(outbound, grpc.credentials.createInsecure(), {
    "grpc.default_authority": "inventory",
  });
}

/** A client on any channel target and credentials (the proxyless demo: `xds:///warehouse`). */
export function inventoryClientOn(target: string, creds: grpc.ChannelCredentials): InventoryClient {
  return new pkg.inventory.v1.Inventory(target, creds);
}

/** One stock lookup; the deadline is below frontend's wait for catalog (10 s), so inventory fails first. */
export function getStock(client: InventoryClient, sku: string, timeoutMs = 5000): Promise<StockReply> {
  return new Promise((resolve, reject) => {
    // waitForReady: while the local proxy restarts, wait for it (within the deadline)
    // instead of failing at once on a channel that is reconnecting.
    const opts = { deadline: Date.now() + timeoutMs, waitForReady: true };
    client.GetStock({ sku }, new grpc.Metadata(), opts, (err, res) => (err ? reject(err) : resolve(res!)));
  });
}
