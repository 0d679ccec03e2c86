import { join } from "node:path";
import { freePort } from "./free-port.ts";
import { type Child, start, waitForLine } from "./processes.ts";

/**
 * The measured setup shared by the proxy benchmarks: a tiny app server (unless one is
 * given) and a real trellis-proxy pair (client outbound → mTLS → server inbound → app),
 * all on port 0. Every child is pushed to `started` so the caller stops them. `ready()`
 * waits until both admin ports answer `/ready` (after the caller pushed a snapshot).
 */
export async function startProxyPair(opts: {
  repo: string;
  proxyBin: string;
  dir: string;
  connectorAddress: string;
  started: Child[];
  appPort?: number;
  /** More flags for both proxies (e.g. `--workers 2`). */
  extra?: string[];
  /** Node flags for both proxies (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
}) {
  let app: Child | undefined;
  let appPort = opts.appPort;
  if (appPort === undefined) {
    app = start(process.execPath, [join(opts.repo, "test/bench/proxy/app-server.mjs")]);
    opts.started.push(app);
    appPort = Number(JSON.parse(await waitForLine(app, /\{"port":\d+\}/)).port);
  }
  const proxy = (service: string, extra: string[]) => {
    const c = start(
      process.execPath,
      [
        ...(opts.nodeArgs ?? []),
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
          ...(opts.extra ?? []),
        ],
      ],
      { cwd: opts.repo },
    );
    opts.started.push(c);
    return c;
  };
  // The inbound listener listens only once a certificate is there (after the snapshot),
  // so the snapshot's endpoint needs its port before: picked here.
  const inboundPort = await freePort();
  const serverProxy = proxy("app", [
    "--inbound",
    `127.0.0.1:${inboundPort}`,
    "--app",
    `127.0.0.1:${appPort}`,
  ]);
  const clientProxy = proxy("bench", ["--outbound", "127.0.0.1:0"]);
  const addr = async (c: Child) =>
    JSON.parse(await waitForLine(c, /^\{.*"trellis-proxy serving".*$/m)) as Record<string, string>;
  const serverAddr = await addr(serverProxy);
  const clientAddr = await addr(clientProxy);
  const ready = async () => {
    for (const a of [serverAddr, clientAddr]) {
      for (let i = 0; ; i++) {
        const ok = await fetch(`http://${a.admin}/ready`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        if (i > 400) throw new Error("proxies never became ready");
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  return { app, appPort, inboundPort, serverProxy, clientProxy, serverAddr, clientAddr, ready };
}
