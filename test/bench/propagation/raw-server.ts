// The reference: a bare grpc-js Tunnel server that writes a given payload to every stream
// and counts the ACKs — no auth, no database, no compiler. Run as a child process so its
// memory per stream can be measured like the control plane's.
//   stdin:  "push <version> <payload-file>"
//   stdout: "listening <port>", "acked <version> <ms since push>"
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import {
  type ConnectorMessage,
  type ControlMessage__Input,
  durationFromMs,
  type TunnelProtoGrpcType,
  tunnelPackageDefinition,
} from "@trellis/protocol/tunnel";

type Call = grpc.ServerDuplexStream<ConnectorMessage, ControlMessage__Input>;
const streams = new Set<Call>();
let current = { version: 0, startedAt: 0, acks: 0 };

const proto = grpc.loadPackageDefinition(tunnelPackageDefinition()) as unknown as TunnelProtoGrpcType;
const server = new grpc.Server({ "grpc.max_receive_message_length": 64 << 20 });
server.addService(proto.trellis.tunnel.v1.Tunnel.service, {
  Connect: (call: Call) => {
    streams.add(call);
    call.on("data", (m: ConnectorMessage) => {
      if (m.hello) call.write({ welcome: { clusterId: "raw", heartbeatInterval: durationFromMs(10_000) } });
      else if (m.heartbeat) call.write({ heartbeat: { seq: m.heartbeat.seq } });
      else if (m.ack && m.ack.version === current.version && ++current.acks === streams.size)
        process.stdout.write(`acked ${current.version} ${performance.now() - current.startedAt}\n`);
    });
    call.on("error", () => {});
    call.on("cancelled", () => streams.delete(call));
  },
});
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) throw err;
  process.stdout.write(`listening ${port}\n`);
});

createInterface({ input: process.stdin }).on("line", (line) => {
  const [cmd, version, file] = line.split(" ");
  if (cmd !== "push") return;
  const payload = readFileSync(file!);
  current = { version: Number(version), startedAt: performance.now(), acks: 0 };
  for (const call of streams)
    call.write({
      config: {
        version: current.version,
        nonce: randomBytes(9).toString("base64url"),
        schema: "trellis.config/v1",
        payload,
      },
    });
});
