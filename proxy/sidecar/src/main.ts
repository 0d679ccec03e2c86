import { bind } from "./bind.ts";
import { ConfigError, parseConfig } from "./config/flags.ts";
import { build } from "./program.ts";

// The trellis-proxy command: parse, bind, build, run; SIGTERM/SIGINT drain gracefully.
try {
  const config = parseConfig(process.argv.slice(2), process.env);
  const bindings = await bind(config);
  const proxy = await build(config, bindings);
  await proxy.run();
  const addr = (s: typeof bindings.admin) => {
    const a = s?.address();
    return a && typeof a === "object" ? `${a.address}:${a.port}` : undefined;
  };
  process.stderr.write(
    `${JSON.stringify({ msg: "trellis-proxy serving", proxyId: proxy.proxyId, inbound: addr(bindings.inbound), outbound: addr(bindings.outbound), admin: addr(bindings.admin) })}\n`,
  );
  const shutdown = () => {
    // The drain ends connections at its deadline; should closing the listeners still hang
    // (a peer that never closes), the process must exit anyway: SIGTERM means "go".
    setTimeout(() => {
      process.stderr.write(
        `${JSON.stringify({ msg: "drain overran its deadline; exiting", drainTimeoutMs: config.drainTimeoutMs })}\n`,
      );
      process.exit(0);
    }, config.drainTimeoutMs + 2000).unref();
    void proxy.drain();
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  await proxy.stopped;
  process.exit(0);
} catch (err) {
  process.stderr.write(`trellis-proxy: ${err instanceof ConfigError ? err.message : (err as Error).stack}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
