// A proxyless gRPC workload for tests, run as its own process as a user would run one:
// `GRPC_XDS_BOOTSTRAP` names the file `trellis-connector xds-bootstrap` wrote. With
// `WORKLOAD_SERVE=<ip:port>` it serves the Echo service through an xDS-enabled server
// (XdsServer + XdsServerCredentials: listener, mTLS and RBAC from the connector); it
// always can call others through `xds:///…` channels. Driven by JSON lines on stdin:
//   {"id":1,"op":"behave","behaviour":{"failWith":14,"failFirst":2}}
//   {"id":2,"op":"call","target":"xds:///catalog","count":10,"metadata":{"x-canary":"true"},"deadlineMs":2000}
// and answers {"id":…,"results":[…]} on stdout; {"event":"serving"} once the server serves.
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import * as xds from "@grpc/grpc-js-xds";
import { type EchoBehaviour, EchoClient, type EchoReply, echoHandlers, echoService } from "./echo-service.ts";

xds.register();
const name = process.env.WORKLOAD_NAME ?? "workload";
let behaviour: EchoBehaviour = {};
const calls = { count: 0 };
const out = (msg: unknown) => process.stdout.write(`${JSON.stringify(msg)}\n`);

const serve = process.env.WORKLOAD_SERVE;
if (serve) {
  const server = new xds.XdsServer();
  server.addService(
    echoService,
    echoHandlers(name, () => behaviour, calls),
  );
  server.bindAsync(serve, new xds.XdsServerCredentials(grpc.ServerCredentials.createInsecure()), (err) => {
    if (err) out({ event: "error", error: err.message });
    else out({ event: "serving" });
  });
}

const clients = new Map<string, grpc.Client>();
const creds = new xds.XdsChannelCredentials(grpc.credentials.createInsecure());

export type CallResult = {
  ok: boolean;
  code: number;
  details?: string;
  server?: string;
  peerIdentity?: string | null;
  metadata?: Record<string, string>;
  elapsedMs: number;
};

function callOnce(target: string, metadata: Record<string, string>, deadlineMs: number): Promise<CallResult> {
  const client = clients.get(target) ?? new EchoClient(target, creds);
  clients.set(target, client);
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(metadata)) md.set(k, v);
  const started = performance.now();
  return new Promise((resolve) => {
    (client as unknown as Record<string, (...args: unknown[]) => void>).Echo!(
      { text: "hi" },
      md,
      { deadline: Date.now() + deadlineMs },
      (err: grpc.ServiceError | null, reply: EchoReply) => {
        const elapsedMs = Math.round(performance.now() - started);
        if (err) resolve({ ok: false, code: err.code, details: err.details, elapsedMs });
        else
          resolve({
            ok: true,
            code: 0,
            server: reply.server,
            peerIdentity: reply.peerIdentity,
            metadata: reply.metadata,
            elapsedMs,
          });
      },
    );
  });
}

createInterface({ input: process.stdin }).on("line", async (line) => {
  const cmd = JSON.parse(line) as
    | { id: number; op: "behave"; behaviour: EchoBehaviour }
    | {
        id: number;
        op: "call";
        target: string;
        count: number;
        metadata?: Record<string, string>;
        deadlineMs?: number;
      };
  if (cmd.op === "behave") {
    behaviour = cmd.behaviour;
    calls.count = 0;
    return out({ id: cmd.id, ok: true });
  }
  const results: CallResult[] = [];
  for (let i = 0; i < cmd.count; i++)
    results.push(await callOnce(cmd.target, cmd.metadata ?? {}, cmd.deadlineMs ?? 5_000));
  out({ id: cmd.id, results });
});
out({ event: "ready", name });
