/**
 * A CPU profile of our pair under saturation, for finding what to do less of on the hot
 * path (not a benchmark): both proxies run with `--cpu-prof`, wrk drives them for
 * `BENCH_SECONDS` (5), and the top self-time functions of each are printed.
 * `node --import tsx test/bench/proxy/profile.ts`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FakeConnector, TestCa } from "@trellis/proxy/testing/fake-connector";
import { wrk } from "./load.ts";
import { startProxyPair } from "./pair.ts";
import type { Child } from "./processes.ts";
import { benchSnapshot, host, trustDomain } from "./snapshot.ts";

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
};

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const repo = fileURLToPath(new URL("../../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "trellis-profile-"));
const profiles = join(dir, "profiles");
const started: Child[] = [];
const ca = await TestCa.create(trustDomain);
const connector = await FakeConnector.start({ ca });
const pair = await startProxyPair({
  repo,
  proxyBin: join(repo, "proxy/sidecar/bin/trellis-proxy.mjs"),
  dir,
  connectorAddress: connector.address,
  started,
  extra: ["--workers", "1"],
  nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${profiles}`],
});
connector.push(benchSnapshot(pair.inboundPort, ca.rootPem));
await pair.ready();
const port = Number(pair.clientAddr.outbound!.split(":")[1]);
await wrk(port, host, 1);
const load = await wrk(port, host, seconds);
console.log(`${load.rps.toFixed(0)} req/s`);
for (const c of started.reverse()) await c.stop();
await connector.stop();
for (const file of readdirSync(profiles)) {
  const { nodes } = JSON.parse(readFileSync(join(profiles, file), "utf8")) as { nodes: Node[] };
  const total = nodes.reduce((n, x) => n + x.hitCount, 0);
  const self = new Map<string, number>();
  for (const n of nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + n.hitCount);
  }
  console.log(`\n${file}: ${total} samples`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
    console.log(`${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
}
rmSync(dir, { recursive: true, force: true });
