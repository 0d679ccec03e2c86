import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * `--admin`: /live (the process runs), /ready (it has a config to serve proxies, from the
 * control plane or the state dir), /status (everything status() knows, as JSON).
 */
export async function startAdminServer(
  listen: string,
  probes: { ready(): boolean; status(): unknown },
): Promise<{ port: number; close(): Promise<void> }> {
  // Bounded header reads and requests: a client that sends half a request head is cut off.
  const server: Server = createServer({ headersTimeout: 10_000, requestTimeout: 15_000 }, (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "GET") return send(405, { error: "method not allowed" });
    if (path === "/live") return send(200, { live: true });
    if (path === "/ready") {
      const ready = probes.ready();
      return send(ready ? 200 : 503, { ready });
    }
    if (path === "/status") return send(200, probes.status());
    send(404, { error: "not found" });
  });
  const { host, port } = splitHostPort(listen);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function splitHostPort(hostPort: string): { host: string; port: number } {
  const i = hostPort.lastIndexOf(":");
  return { host: hostPort.slice(0, i).replace(/^\[|\]$/g, ""), port: Number(hostPort.slice(i + 1)) };
}
