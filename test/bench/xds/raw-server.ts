// The reference: a bare grpc-js server of the same ADS service that writes given
// DiscoveryResponses (the bytes our connector sent, replayed) to every stream and counts
// the ACKs — no translation, no encoding, no receipts. A child process, like the connector.
//   stdin:  "push <version> <responses.json>"   (JSON: [{type_url, resources: [{type_url, value(base64)}]}])
//   stdout: "listening <port>", "connected <streams>", "acked <version> <ms since push>"
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import { adsClientConstructor } from "@trellis/connector/testing/ads-client";

type Req = { type_url: string; response_nonce: string; version_info: string };
type Call = grpc.ServerDuplexStream<Req, unknown>;
const streams = new Set<Call>();
let current = { version: "", startedAt: 0, acks: 0, expected: 0 };

const server = new grpc.Server({ "grpc.max_receive_message_length": 64 << 20 });
server.addService(adsClientConstructor().service, {
  StreamAggregatedResources: (call: Call) => {
    streams.add(call);
    process.stdout.write(`connected ${streams.size}\n`);
    call.on("data", (r: Req) => {
      if (r.response_nonce && r.version_info === current.version && ++current.acks === current.expected)
        process.stdout.write(`acked ${current.version} ${performance.now() - current.startedAt}\n`);
    });
    call.on("error", () => {});
    call.on("cancelled", () => streams.delete(call));
  },
  DeltaAggregatedResources: (call: Call) => call.end(),
});
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) throw err;
  process.stdout.write(`listening ${port}\n`);
});

createInterface({ input: process.stdin }).on("line", (line) => {
  const [cmd, version, file] = line.split(" ");
  if (cmd !== "push") return;
  const responses = (
    JSON.parse(readFileSync(file!, "utf8")) as {
      type_url: string;
      resources: { type_url: string; value: string }[];
    }[]
  ).map((r) => ({
    ...r,
    resources: r.resources.map((a) => ({ type_url: a.type_url, value: Buffer.from(a.value, "base64") })),
  }));
  current = {
    version: version!,
    startedAt: performance.now(),
    acks: 0,
    expected: streams.size * responses.length,
  };
  for (const call of streams)
    for (const r of responses)
      call.write({ ...r, version_info: version, nonce: randomBytes(9).toString("base64url") });
});
