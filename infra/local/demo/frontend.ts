// frontend: the demo's entry point; renders the catalog it gets through the mesh.
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { getViaOutbound } from "./http-json.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    outbound: { type: "string" },
  },
});

const server = createServer(async (req, res) => {
  if (req.url === "/healthz") return void res.end("ok");
  try {
    const catalog = await getViaOutbound(values.outbound!, "catalog", "/items");
    res.writeHead(catalog.status === 200 ? 200 : 502, { "content-type": "application/json" });
    res.end(JSON.stringify({ page: "home", catalog: catalog.body }));
  } catch (err) {
    res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: `catalog failed: ${(err as Error).message}` }));
  }
});
server.listen(Number(values.port), values.host, () =>
  console.log(`frontend listening on ${values.host}:${values.port}`),
);
process.once("SIGTERM", () => server.close(() => process.exit(0)));
