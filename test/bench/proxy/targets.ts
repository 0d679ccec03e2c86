import { join } from "node:path";
import { workloadSpiffeId } from "@trellis/protocol/spiffe";
import type { FakeConnector, TestCa } from "@trellis/proxy/testing/fake-connector";
import { freePort } from "./free-port.ts";
import { startNginxPair } from "./nginx.ts";
import { startProxyPair } from "./pair.ts";
import { type Child, descendants, start, waitForLine } from "./processes.ts";
import { benchSnapshot, trustDomain } from "./snapshot.ts";

export type TargetName = "direct" | "ours" | "nginx" | "bare" | "ours-workers" | "baseline";
/** One way to reach the app: its port and the processes that pay for it (CPU, RSS). */
export type Target = { name: TargetName; port: number; pids: () => number[] };

/**
 * Starts the app and everything measured in front of it: our pair (metrics on), the
 * nginx mTLS pair and the bare Node mTLS pipe pair — plus, with `workers`, a second pair
 * of ours started with `--workers <n>` on a connector of its own. All children land in `started`.
 */
export async function startTargets(opts: {
  repo: string;
  dir: string;
  ca: TestCa;
  connector: FakeConnector;
  started: Child[];
  workers?: { count: number; connector: FakeConnector };
  /** Another build of the bin (a copy of dist/ from before a change), measured as "baseline". */
  baseline?: { bin: string; connector: FakeConnector };
}): Promise<{ targets: Target[]; appPid: number }> {
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
  const targets: Target[] = [
    { name: "direct", port: appPort, pids: () => [] },
    {
      name: "ours",
      port: Number(pair.clientAddr.outbound!.split(":")[1]),
      pids: () => [pair.clientProxy.proc.pid!, pair.serverProxy.proc.pid!],
    },
  ];

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
  targets.push({ name: "bare", port: bareFront, pids: () => bare.map((b) => b.proc.pid!) });

  if (opts.workers) {
    // Its own connector: the same mesh, but the snapshot lists only its own server proxy.
    const w = await startProxyPair({
      repo,
      proxyBin,
      dir: join(dir, "workers"),
      connectorAddress: opts.workers.connector.address,
      started,
      appPort,
      extra: ["--workers", String(opts.workers.count)],
    });
    opts.workers.connector.push(benchSnapshot(w.inboundPort, ca.rootPem));
    pairs.push(w);
    targets.push({
      name: "ours-workers",
      port: Number(w.clientAddr.outbound!.split(":")[1]),
      pids: () => [w.clientProxy.proc.pid!, w.serverProxy.proc.pid!].flatMap((p) => [p, ...descendants(p)]),
    });
  }
  if (opts.baseline) {
    const b = await startProxyPair({
      repo,
      proxyBin: opts.baseline.bin,
      dir: join(dir, "baseline"),
      connectorAddress: opts.baseline.connector.address,
      started,
      appPort,
      extra: ["--workers", "1"],
    });
    opts.baseline.connector.push(benchSnapshot(b.inboundPort, ca.rootPem));
    pairs.push(b);
    targets.push({
      name: "baseline",
      port: Number(b.clientAddr.outbound!.split(":")[1]),
      pids: () => [b.clientProxy.proc.pid!, b.serverProxy.proc.pid!],
    });
  }
  for (const p of pairs) await p.ready();
  return { targets, appPid: pair.app!.proc.pid! };
}
