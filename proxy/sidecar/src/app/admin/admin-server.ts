import { createServer } from "node:http";
import type { Server, Socket } from "node:net";
import type { Registry } from "prom-client";
import type { RoutingTable } from "../../routing/types.ts";

export type AdminState = {
  /** The proxy's registry, or with `--workers` one merging every worker's. */
  registry: Pick<Registry, "metrics" | "contentType">;
  ready(): { ready: boolean; reasons: string[] };
  table(): RoutingTable | undefined;
  identity(): { spiffeId: string | undefined; notAfter: string | undefined; chainPem: string };
};

/**
 * The admin port: `/metrics` (Prometheus), `/live`, `/ready` (config + certificate
 * present and not draining), `/config` (applied version and routes) and `/identity`
 * (SPIFFE id, not-after and the public chain — never the key).
 */
export function attachAdmin(listener: Server, state: AdminState): { close(): void } {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(`${JSON.stringify(body, null, 2)}\n`);
    };
    try {
      if (req.method !== "GET" && req.method !== "HEAD") return json(405, { error: "method not allowed" });
      if (path === "/live") return json(200, { live: true });
      if (path === "/ready") {
        const r = state.ready();
        return json(r.ready ? 200 : 503, r);
      }
      if (path === "/metrics") {
        const text = await state.registry.metrics();
        res.writeHead(200, { "content-type": state.registry.contentType });
        return res.end(text);
      }
      if (path === "/config") return json(200, describeTable(state.table()));
      if (path === "/identity") {
        const id = state.identity();
        return json(id.spiffeId && id.chainPem ? 200 : 503, id);
      }
      return json(404, { error: "not found" });
    } catch (err) {
      return json(500, { error: (err as Error).message });
    }
  });
  const sockets = new Set<Socket>();
  listener.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    server.emit("connection", socket);
  });
  return {
    close: () => {
      for (const s of sockets) s.destroy();
    },
  };
}

export function describeTable(table: RoutingTable | undefined) {
  if (!table) return { version: null, services: [] };
  return {
    version: table.version,
    mesh: table.meshName,
    trustDomain: table.trustDomain,
    settings: table.settings,
    services: Array.from(table.services.values(), (s) => ({
      name: s.name,
      namespace: s.namespace,
      hostnames: s.hostnames,
      ports: Object.fromEntries(s.ports),
      loadBalancer: s.loadBalancer,
      endpoints: s.endpoints.map((e) => ({ address: `${e.address}:${e.port}`, identity: e.identity })),
      routes: [...s.grpcMatches, ...s.httpMatches].map((m) => ({
        kind: m.rule.routeKind,
        rule: m.rule.label,
        backends: m.rule.backends.items.map((b) => ({ service: b.ref, weight: b.weight })),
        timeoutMs: m.rule.requestTimeoutMs || undefined,
      })),
    })),
  };
}
