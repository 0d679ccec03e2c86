import { createServer } from "node:http";
import type { Server, Socket } from "node:net";
import type { Registry } from "prom-client";
import type { Table } from "../../routing/types.ts";

export type AdminState = {
  /** The proxy's registry, or with `--workers` one merging every worker's. */
  registry: Pick<Registry, "metrics" | "contentType">;
  ready(): { ready: boolean; reasons: string[] };
  table(): Table | undefined;
  identity(): { spiffeId: string | undefined; notAfter: string | undefined; chainPem: string };
  /** The proxy's `--l4-pass-through` mode (whether it may pipe when the snapshot allows). */
  l4PassThrough: "auto" | "off";
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
      if (path === "/config") return json(200, describeTable(state.table(), state.l4PassThrough));
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

/**
 * What `/config` shows: the applied version and the indexed snapshot, for humans. Inbound:
 * whether the snapshot allows L4 pass-through, the proxy's mode, and so whether it pipes.
 */
export function describeTable(table: Table | undefined, l4Mode: "auto" | "off") {
  if (!table) return { version: null, virtualHosts: [], clusters: [] };
  return {
    version: table.version,
    schema: table.schema,
    mesh: table.meshName,
    trustDomain: table.trustDomain,
    settings: table.settings,
    virtualHosts: Array.from(table.vhosts.values(), (v) => ({
      name: v.key,
      hostnames: v.hostnames,
      ports: Object.fromEntries(v.ports),
      routes: v.routes.map((r) => ({
        label: r.metricLabel || "default",
        source: r.source,
        action: r.action.type,
        backends:
          r.action.type === "forward"
            ? r.action.backends.items.map((b) => ({ cluster: b.cluster.key, weight: b.weight }))
            : undefined,
        timeoutMs: r.action.type === "forward" ? r.action.requestTimeoutMs || undefined : undefined,
      })),
    })),
    clusters: Array.from(table.clusters.values(), (c) => ({
      name: c.key,
      loadBalancer: c.loadBalancer,
      endpoints: c.endpoints.map((e) => ({
        address: `${e.address}:${e.port}`,
        identity: e.identity,
        draining: e.draining || undefined,
      })),
    })),
    inbound: {
      l4PassThrough: table.inbound.l4PassThrough,
      l4PassThroughMode: l4Mode,
      piping: table.inbound.l4PassThrough && l4Mode === "auto",
      served: [...table.inbound.served],
    },
  };
}
