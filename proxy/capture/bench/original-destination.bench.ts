// What reading SO_ORIGINAL_DST costs per connection (README.md "Cost"). Needs root: it
// makes a network namespace, redirects 198.18.0.9:80 to a local listener there, and
// re-runs itself inside it. Bounded: a fixed number of calls and connections.
import { execFileSync } from "node:child_process";
import { connect, createServer, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { originalDestination } from "../src/original-destination.ts";

const calls = 200_000;
const connections = 2_000;

async function inside(): Promise<void> {
  const accepted: Socket[] = [];
  let onAccept: (s: Socket) => void = () => {};
  const server = createServer((s) => {
    accepted.push(s);
    onAccept(s);
  });
  await new Promise<void>((r) => server.listen(4140, "127.0.0.1", r));
  const dial = () =>
    new Promise<Socket>((resolve) => {
      onAccept = resolve;
      connect(80, "198.18.0.9").on("error", () => {});
    });

  const first = await dial();
  console.log("original destination:", originalDestination(first));
  for (let i = 0; i < 1000; i++) originalDestination(first); // warm up
  const t = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) originalDestination(first);
  const perCallNs = Number(process.hrtime.bigint() - t) / calls;

  const perConnection = async (read: boolean) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < connections; i++) {
      const s = await dial();
      if (read) originalDestination(s);
      s.destroy();
    }
    return Number(process.hrtime.bigint() - start) / connections / 1000;
  };
  const withoutUs = await perConnection(false);
  const withUs = await perConnection(true);
  console.log(
    `getsockopt(SO_ORIGINAL_DST) via koffi: ${(perCallNs / 1000).toFixed(2)} µs per call (${calls} calls)`,
  );
  console.log(
    `redirected connect + accept: ${withoutUs.toFixed(0)} µs; with the read: ${withUs.toFixed(0)} µs (${connections} connections each)`,
  );
  for (const s of accepted) s.destroy();
  server.close();
}

function outside(): void {
  const ns = `trl-bench-${process.pid}`;
  const exec = (...args: string[]) =>
    execFileSync("ip", ["netns", "exec", ns, ...args], { stdio: "inherit" });
  execFileSync("ip", ["netns", "add", ns]);
  try {
    exec("ip", "link", "set", "lo", "up");
    exec("ip", "addr", "add", "198.18.0.9/32", "dev", "lo");
    exec(
      "iptables",
      "-t",
      "nat",
      "-A",
      "OUTPUT",
      "-p",
      "tcp",
      "-d",
      "198.18.0.9",
      "--dport",
      "80",
      "-j",
      "REDIRECT",
      "--to-ports",
      "4140",
    );
    exec(process.execPath, "--import", "tsx", fileURLToPath(import.meta.url), "--inside");
  } finally {
    execFileSync("ip", ["netns", "del", ns]);
  }
}

if (process.argv.includes("--inside")) await inside();
else outside();
