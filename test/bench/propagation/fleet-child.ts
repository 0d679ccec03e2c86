// A simulated connector fleet in its own process, so the streams' reading and ACKing does
// not share a process (and its event loop) with what measures them or with the server.
//   argv[2]: JSON { target, bearer?: { prefix, suffix } } (stream i authenticates with
//            "Bearer <prefix><i><suffix>")
//   stdin:   "grow <n>", "expect <version>", "payload <file>"
//   stdout:  "welcomed <n>", "expecting <version>", "round <version> <latencies JSON>",
//            "failure <text>", "payload-written"
import { writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import { tunnelMetadata } from "@trellis/protocol/tunnel";
import { ClientFleet } from "./clients.ts";

const { target, bearer } = JSON.parse(process.argv[2]!) as {
  target: string;
  bearer?: { prefix: string; suffix: string };
};
const say = (line: string) => process.stdout.write(`${line}\n`);

const fleet = new ClientFleet(
  target,
  (i) => {
    const md = new grpc.Metadata();
    if (bearer) md.set(tunnelMetadata.authorization, `Bearer ${bearer.prefix}${i}${bearer.suffix}`);
    return md;
  },
  0,
  {
    welcomed: (n) => say(`welcomed ${n}`),
    failed: (why) => say(`failure ${why.replaceAll("\n", " ")}`),
  },
);

createInterface({ input: process.stdin }).on("line", (line) => {
  const [cmd, arg] = line.split(" ");
  if (cmd === "grow") fleet.grow(Number(arg));
  if (cmd === "expect") {
    const round = fleet.expect(Number(arg));
    void round.done.then(() => say(`round ${round.version} ${JSON.stringify(round.latenciesMs)}`));
    say(`expecting ${round.version}`);
  }
  if (cmd === "payload") {
    writeFileSync(arg!, fleet.lastPayload ?? Buffer.alloc(0));
    say("payload-written");
  }
});
process.stdin.on("end", () => {
  fleet.close();
  process.exit(0);
});
