import { join } from "node:path";
import { type Child, start, waitForLine } from "./processes.ts";

/**
 * The measured setup shared by the proxy benchmarks: a tiny app server and a real
 * trellis-proxy pair (client outbound → mTLS → server inbound → app), all on port 0.
 * Every child is pushed to `started` so the caller stops them.
 */
export async function startProxyPair(opts: {
  repo: string;
  proxyBin: string;
  dir: string;
  connectorAddress: string;
  started: Child[];
}) {
  const app = start(
    process.execPath,
    ["--import", "tsx", join(opts.repo, "test/bench/proxy/app-server.ts")],
    { cwd: opts.repo },
  );
  opts.started.push(app);
  const appPort = Number(JSON.parse(await waitForLine(app, /\{"port":\d+\}/)).port);
  const proxy = (service: string, extra: string[]) => {
    const c = start(
      process.execPath,
      [
        ...[
          opts.proxyBin,
          "--connector",
          opts.connectorAddress,
          "--service",
          service,
          "--service-account",
          service,
        ],
        ...[
          "--admin",
          "127.0.0.1:0",
          "--state-dir",
          join(opts.dir, service),
          "--log-level",
          "warn",
          ...extra,
        ],
      ],
      { cwd: opts.repo },
    );
    opts.started.push(c);
    return c;
  };
  const serverProxy = proxy("app", ["--inbound", "127.0.0.1:0", "--app", `127.0.0.1:${appPort}`]);
  const clientProxy = proxy("bench", ["--outbound", "127.0.0.1:0"]);
  const addr = async (c: Child) =>
    JSON.parse(await waitForLine(c, /^\{.*"trellis-proxy serving".*$/m)) as Record<string, string>;
  return {
    appPort,
    serverProxy,
    clientProxy,
    serverAddr: await addr(serverProxy),
    clientAddr: await addr(clientProxy),
  };
}
