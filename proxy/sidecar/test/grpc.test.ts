import * as grpc from "@grpc/grpc-js";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import { EchoClient, echoHandlers, echoService, type Msg } from "./grpc-echo.ts";
import { type ProxyHandle, Scope, snapshot, spiffe, startProxy, trustDomain } from "./harness.ts";

type Call = (...args: unknown[]) => unknown;
type Client = grpc.Client & { Unary: Call; ServerStream: Call; ClientStream: Call; Bidi: Call };

describe("gRPC through a proxy pair", () => {
  const scope = new Scope();
  let client: ProxyHandle;
  let stub: Client;

  beforeAll(async () => {
    const ca = await TestCa.create(trustDomain);
    const connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
    const server = new grpc.Server();
    server.addService(echoService, echoHandlers("echo"));
    const appPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    scope.add(() => server.forceShutdown());
    const serverProxy = await startProxy(scope, {
      connector: connector.address,
      service: "echo",
      sa: "echo",
      app: appPort,
    });
    client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [
          {
            name: "echo",
            protocol: "grpc",
            port: 9090,
            endpoints: [{ port: serverProxy.inboundPort, sa: "echo" }],
          },
        ],
      }),
    );
    for (const p of [serverProxy, client]) {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${p.adminPort}/ready`)).status === 200);
    }
    stub = new EchoClient(`127.0.0.1:${client.outboundPort}`, grpc.credentials.createInsecure(), {
      "grpc.default_authority": "echo.default.svc.cluster.local:9090",
    }) as unknown as Client;
    scope.add(() => stub.close());
  });
  // one pair for the file: the calls are independent
  afterAll(() => scope.cleanup());

  it("passes a bidirectional stream intact, trailers included", async () => {
    const call = stub.Bidi() as grpc.ClientDuplexStream<Msg, Msg>;
    const got: Msg[] = [];
    const trailers = new Promise<grpc.StatusObject>((resolve) => call.on("status", resolve));
    const done = new Promise<void>((resolve, reject) => {
      call.on("data", (m: Msg) => got.push(m));
      call.on("end", resolve);
      call.on("error", reject);
    });
    for (let i = 0; i < 50; i++) {
      call.write({ text: `m${i}`, n: i });
      if (i % 10 === 0) await waitFor(() => got.length > i - 5); // interleave: replies arrive mid-stream
    }
    call.end();
    await done;
    const status = await trailers;
    expect(got.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `M${i}`));
    expect(status.code).toBe(grpc.status.OK);
    expect(status.metadata.get("x-done")).toEqual(["yes"]);
  });

  it("carries unary calls with the verified identity, and error statuses with their trailers", async () => {
    const unary = (text: string) =>
      new Promise<{ err: grpc.ServiceError | null; res?: Msg }>((resolve) =>
        (stub.Unary as (m: Msg, cb: (e: grpc.ServiceError | null, r?: Msg) => void) => void)(
          { text },
          (err, res) => resolve({ err, res }),
        ),
      );
    const ok = await unary("hi");
    expect(ok.res?.text).toBe(`echo:hi:${spiffe("web")}`);
    const bad = await unary("fail");
    expect(bad.err?.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(bad.err?.details).toBe("failing as asked");
    expect(bad.err?.metadata.get("x-reason")).toEqual(["asked-to-fail"]);
  });

  it("carries server and client streaming calls", async () => {
    const server = stub.ServerStream({ text: "s", n: 5 }) as grpc.ClientReadableStream<Msg>;
    const got: number[] = [];
    await new Promise<void>((resolve, reject) => {
      server.on("data", (m: Msg) => got.push(m.n!));
      server.on("end", resolve);
      server.on("error", reject);
    });
    expect(got).toEqual([0, 1, 2, 3, 4]);
    const joined = await new Promise<string>((resolve, reject) => {
      const c = (
        stub.ClientStream as (
          cb: (e: grpc.ServiceError | null, r?: Msg) => void,
        ) => grpc.ClientWritableStream<Msg>
      )((e, r) => (e ? reject(e) : resolve(r!.text)));
      for (const t of ["a", "b", "c"]) c.write({ text: t });
      c.end();
    });
    expect(joined).toBe("a+b+c");
  });

  it("answers a gRPC status of its own for an unknown mesh host", async () => {
    const other = new EchoClient(`127.0.0.1:${client.outboundPort}`, grpc.credentials.createInsecure(), {
      "grpc.default_authority": "nowhere.example:9090",
    }) as unknown as Client;
    const err = await new Promise<grpc.ServiceError | null>((resolve) =>
      (other.Unary as (m: Msg, cb: (e: grpc.ServiceError | null) => void) => void)({ text: "x" }, resolve),
    );
    other.close();
    expect(err?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(err?.metadata.get("x-trellis-error")).toEqual(["egress-denied"]);
  });
});
