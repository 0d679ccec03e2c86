import { join } from "node:path";
import { workloadSpiffeId } from "@trellis/protocol/spiffe";
import { FakeConnector, type TestCa } from "@trellis/proxy/testing/fake-connector";
import { freePort } from "./free-port.ts";
import { startNginxFront, startNginxPair } from "./nginx.ts";
import { startProxyPair } from "./pair.ts";
import { type Child, descendants, start, waitForLine } from "./processes.ts";
import { benchSnapshot, localPath, trustDomain } from "./snapshot.ts";

export type TargetName =
  | "direct"
  | "ours"
  | "ours-l4"
  | "nginx"
  | "bare"
  | "ours-unpinned"
  | "ours-workers"
  | "inbound-unpinned"
  | "inbound-workers"
  | "local-unpinned"
  | "local-workers"
  | "baseline";
/**
 * One way to reach the app: its port (and path, `/` unless said) and the processes that
 * pay for it (CPU, RSS). `pinned: false` leaves it free to use every core (the `--workers`
 * scaling pairs); `pipeline` is wrk's requests per write (see `wrk`).
 */
export type Target = {
  name: TargetName;
  port: number;
  path?: string;
  pipeline?: number;
  pids: () => number[];
  pinned: boolean;
};

/**
 * A pair of ours beside the main one: another bin or other flags, on a connector of its
 * own. `alone` also measures each of its proxies alone: the server proxy behind an nginx
 * mTLS front, the client proxy answering a route itself (`localRoute`).
 */
type ExtraPair = {
  name: TargetName;
  bin?: string;
  flags: string[];
  pinned: boolean;
  alone?: { inbound: TargetName; local: TargetName };
};

/**
 * Starts the app and everything measured in front of it: our pair (one process per
 * proxy), the same with inbound L4 pass-through, the nginx mTLS pair and the bare Node
 * mTLS pipe pair — plus, with `workers`, `--workers <n>` and `--workers 1` pairs left
 * unpinned, each also measured one proxy at a time (the scaling; see `ExtraPair`), and with
 * `baselineBin` an older build. Children land in `started`.
 */
export async function startTargets(opts: {
  repo: string;
  dir: string;
  ca: TestCa;
  connector: FakeConnector;
  started: Child[];
  workers?: number;
  /** Another build of the bin (a copy of dist/ from before a change), measured as "baseline". */
  baselineBin?: string;
}): Promise<{ targets: Target[]; appPid: number; stop: () => Promise<void> }> {
  const { repo, dir, ca, connector, started } = opts;
  const proxyBin = join(repo, "proxy/sidecar/bin/trellis-proxy.mjs");
  // One process per proxy, like nginx's one worker: the per-core comparison.
  const pair = await startProxyPair({
    repo,
    proxyBin,
    dir,
    connectorAddress: connector.address,
    started,
    extra: ["--workers", "1"],
  });
  const { appPort } = pair;
  connector.push(benchSnapshot(pair.inboundPort, ca.rootPem));
  const pairs = [pair];
  const pairPids = (p: typeof pair) => () =>
    [p.clientProxy.proc.pid!, p.serverProxy.proc.pid!].flatMap((pid) => [pid, ...descendants(pid)]);
  const targets: Target[] = [
    { name: "direct", port: appPort, pids: () => [], pinned: true },
    {
      name: "ours",
      port: Number(pair.clientAddr.outbound!.split(":")[1]),
      pids: pairPids(pair),
      pinned: true,
    },
  ];
  const extras: ExtraPair[] = [
    { name: "ours-l4", flags: ["--workers", "1", "--l4-pass-through", "auto"], pinned: true },
  ];
  if (opts.workers)
    extras.push(
      {
        name: "ours-unpinned",
        flags: ["--workers", "1"],
        pinned: false,
        alone: { inbound: "inbound-unpinned", local: "local-unpinned" },
      },
      {
        name: "ours-workers",
        flags: ["--workers", String(opts.workers)],
        pinned: false,
        alone: { inbound: "inbound-workers", local: "local-workers" },
      },
    );
  if (opts.baselineBin)
    extras.push({ name: "baseline", bin: opts.baselineBin, flags: ["--workers", "1"], pinned: true });
  const connectors: FakeConnector[] = [];
  for (const x of extras) {
    // Its own connector: the same mesh, but the snapshot lists only its own server proxy.
    const c = await FakeConnector.start({ ca });
    connectors.push(c);
    const p = await startProxyPair({
      repo,
      proxyBin: x.bin ?? proxyBin,
      dir: join(dir, x.name),
      connectorAddress: c.address,
      started,
      appPort,
      extra: x.flags,
    });
    c.push(benchSnapshot(p.inboundPort, ca.rootPem, { localRoute: x.alone !== undefined }));
    pairs.push(p);
    targets.push({
      name: x.name,
      port: Number(p.clientAddr.outbound!.split(":")[1]),
      pids: pairPids(p),
      pinned: x.pinned,
    });
    if (x.alone) {
      // One proxy measured alone: nginx (cheap) makes the mTLS client side of the hop.
      const port = await freePort();
      const id = await ca.issue(workloadSpiffeId(trustDomain, "default", "bench"), 86400, ["front.mesh"]);
      started.push(
        await startNginxFront({
          dir: join(dir, x.alone.inbound),
          name: "front",
          port,
          upstreamPort: p.inboundPort,
          cert: { keyPem: id.keyPem, certPem: id.chainPem.join("") },
        }),
      );
      const server = p.serverProxy.proc.pid!;
      const client = p.clientProxy.proc.pid!;
      targets.push(
        { name: x.alone.inbound, port, pids: () => [server, ...descendants(server)], pinned: x.pinned },
        {
          name: x.alone.local,
          port: Number(p.clientAddr.outbound!.split(":")[1]),
          path: localPath,
          // Cheaper than the proxy's own work per request only when pipelined: else wrk
          // fills one core as the proxy fills the other, and no second worker could help.
          pipeline: 16,
          pids: () => [client, ...descendants(client)],
          pinned: x.pinned,
        },
      );
    }
  }

  const frontPort = await freePort();
  const backPort = await freePort();
  const front = await ca.issue(workloadSpiffeId(trustDomain, "default", "bench"), 86400, ["front.mesh"]);
  const back = await ca.issue(workloadSpiffeId(trustDomain, "default", "app"), 86400, ["back.mesh"]);
  const nginx = await startNginxPair({
    dir: join(dir, "nginx"),
    appPort,
    frontPort,
    backPort,
    rootPem: ca.rootPem,
    front: { keyPem: front.keyPem, certPem: front.chainPem.join("") },
    back: { keyPem: back.keyPem, certPem: back.chainPem.join("") },
  });
  started.push(...nginx);
  targets.push({
    name: "nginx",
    port: frontPort,
    pids: () => nginx.flatMap((n) => descendants(n.proc.pid!)),
    pinned: true,
  });

  const bareFront = await freePort();
  const bareBack = await freePort();
  const barePair = join(repo, "test/bench/proxy/bare-pair.mjs");
  const certs = join(dir, "nginx");
  const bare = [
    start(process.execPath, [barePair, "back", certs, String(bareBack), String(appPort)]),
    start(process.execPath, [barePair, "front", certs, String(bareFront), String(bareBack)]),
  ];
  started.push(...bare);
  for (const b of bare) await waitForLine(b, /ready/);
  targets.push({ name: "bare", port: bareFront, pids: () => bare.map((b) => b.proc.pid!), pinned: true });

  for (const p of pairs) await p.ready();
  const stop = async () => {
    for (const c of connectors) await c.stop();
  };
  return { targets, appPid: pair.app!.proc.pid!, stop };
}
