// catalog (v1 or v2): lists items, asking inventory (gRPC, through the mesh) for their stock.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { getStock, inventoryClient } from "./inventory-client.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    outbound: { type: "string" },
    version: { type: "string", default: "v1" },
  },
});
const inventory = inventoryClient(values.outbound!);
const items = ["trellis-kit", "climbing-rose", "garden-twine", "copper-hook"];

const server = createServer(async (req, res) => {
  if (req.url === "/healthz") return void res.end("ok");
  if (!req.url?.startsWith("/items")) {
    res.writeHead(404, { "content-type": "application/json" });
    return void res.end(JSON.stringify({ error: "not found" }));
  }
  try {
    const stock = await Promise.all(items.map((sku) => getStock(inventory, sku)));
    res.writeHead(200, { "content-type": "application/json", "x-catalog-version": values.version! });
    res.end(
      JSON.stringify({
        version: values.version,
        caller: req.headers["x-trellis-client-identity"] ?? null,
        items: stock,
      }),
    );
  } catch (err) {
    res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: `inventory failed: ${(err as Error).message}` }));
  }
});
server.listen(Number(values.port), values.host, () =>
  console.log(`catalog ${values.version} listening on ${values.host}:${values.port}`),
);
process.once("SIGTERM", () => server.close(() => process.exit(0)));
