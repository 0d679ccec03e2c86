import { createServer } from "node:net";

/** Every port the local demo binds, from env overrides or defaults. */
export interface PortPlan {
  api: number;
  tunnel: number;
  connector: number;
  connectorAdmin: number;
  /** Each workload uses base + 10·i … +3: app, inbound, outbound, admin. */
  workloadBase: number;
}

export function portPlan(env: NodeJS.ProcessEnv): PortPlan {
  const num = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      throw new Error(`${name} must be a port number (1–65535), got "${raw}"`);
    return n;
  };
  return {
    api: num("PORT", 8080),
    tunnel: num("TUNNEL_PORT", 8443),
    connector: num("TRELLIS_DEMO_CONNECTOR_PORT", 4190),
    connectorAdmin: num("TRELLIS_DEMO_CONNECTOR_ADMIN_PORT", 4191),
    workloadBase: num("TRELLIS_DEMO_BASE_PORT", 7100),
  };
}

export function workloadPorts(plan: PortPlan, index: number) {
  const base = plan.workloadBase + index * 10;
  return { app: base, inbound: base + 1, outbound: base + 2, admin: base + 3 };
}

/** Resolves when the port can be bound on loopback; rejects naming it and its purpose otherwise. */
export function assertFree(port: number, purpose: string, envName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === "EADDRINUSE"
            ? `port ${port} (${purpose}) is already in use: stop what uses it, or set ${envName} to a free port`
            : `cannot bind port ${port} (${purpose}): ${err.message}`,
        ),
      ),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}
