import { createServer, type Server } from "node:net";
import type { HostPort, ProxyConfig } from "./config/flags.ts";

/** The listening sockets the proxy serves on. Tests pass their own (port 0). */
export type Bindings = { inbound?: Server; outbound?: Server; admin?: Server };

/** Opens the configured listeners (the only place the program binds ports). */
export async function bind(config: ProxyConfig): Promise<Bindings> {
  const listen = (hp: HostPort) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer({ noDelay: true });
      server.once("error", reject);
      server.listen(hp.port, hp.host, () => resolve(server));
    });
  return {
    inbound: config.inbound ? await listen(config.inbound) : undefined,
    outbound: config.outbound ? await listen(config.outbound) : undefined,
    admin: await listen(config.admin),
  };
}
