import { createServer, type Server } from "node:net";
import type { HostPort, ProxyConfig } from "./config/flags.ts";

/** The proxy's listening sockets. Tests pass their own (already listening on port 0). */
export type Bindings = { inbound?: Server; outbound?: Server; admin?: Server };

/**
 * Creates the configured listeners, not yet listening: `run()` attaches each one's
 * handler first and only then listens, so no connection is ever accepted that nothing
 * would answer (the inbound one waits for a certificate as well).
 */
export async function bind(config: ProxyConfig): Promise<Bindings> {
  const make = () => createServer({ noDelay: true });
  return {
    inbound: config.inbound ? make() : undefined,
    outbound: config.outbound ? make() : undefined,
    admin: make(),
  };
}

/** Listens on `hp` unless the server already listens (a test's own socket). */
export function listenOn(server: Server | undefined, hp: HostPort | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server || !hp || server.listening) return resolve();
    server.once("error", reject);
    server.listen(hp.port, hp.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** Whether every configured listener is serving. */
export function allListening(b: Bindings): boolean {
  return [b.inbound, b.outbound, b.admin].every((s) => s === undefined || s.listening);
}
