import cluster from "node:cluster";
import { bind } from "./bind.ts";
import { ConfigError, parseConfig } from "./config/flags.ts";
import { build } from "./program.ts";
import { defaultWorkers } from "./workers/cpu-quota.ts";
import { runWorker } from "./workers/worker.ts";

// The trellis-proxy command: parse, bind, build, run; SIGTERM/SIGINT drain gracefully.
// With more than one worker (`--workers`, default the pod's CPU quota) this process
// keeps the control stream and the admin port and forks workers for the traffic.
try {
  const config = parseConfig(process.argv.slice(2), process.env);
  if (cluster.isWorker) {
    await runWorker(config);
  } else {
    const workers = config.workers ?? defaultWorkers();
    const bound = await bind(config);
    const bindings = workers > 1 ? { admin: bound.admin } : bound;
    const proxy = await build(config, bindings, { workers });
    await proxy.run();
    const addr = (s: typeof bindings.admin) => {
      const a = s?.address();
      return a && typeof a === "object" ? `${a.address}:${a.port}` : undefined;
    };
    const fleet = proxy.fleet;
    // With workers, "serving" means every worker listens on the outbound side.
    if (fleet && config.outbound)
      await new Promise<void>((r) => fleet.onChange(() => fleet.address("outbound") && r()));
    process.stderr.write(
      `${JSON.stringify({
        msg: "trellis-proxy serving",
        proxyId: proxy.proxyId,
        workers: fleet?.count ?? 1,
        inbound: fleet ? fleet.address("inbound") : addr(bound.inbound),
        outbound: fleet ? fleet.address("outbound") : addr(bound.outbound),
        admin: addr(bindings.admin),
      })}\n`,
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
  }
} catch (err) {
  process.stderr.write(`trellis-proxy: ${err instanceof ConfigError ? err.message : (err as Error).stack}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
