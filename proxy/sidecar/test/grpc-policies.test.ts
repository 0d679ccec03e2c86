import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import { EchoClient, echoHandlers, echoService, type Msg } from "./grpc-echo.ts";
import {
  metric,
  named,
  type ProxyHandle,
  ready,
  Scope,
  snapshot,
  startProxy,
  trustDomain,
} from "./harness.ts";

type Unary = (m: Msg, cb: (e: grpc.ServiceError | null, r?: Msg) => void) => void;

describe("policies on gRPC calls", () => {
  const scope = new Scope();
  let client: ProxyHandle;
  let stub: grpc.Client & { Unary: Unary };
  let flakyCalls = 0;

  beforeAll(async () => {
    const ca = await TestCa.create(trustDomain);
    const connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
    const handlers = echoHandlers("echo");
    const server = new grpc.Server();
    server.addService(echoService, {
      ...handlers,
      Unary: (call: grpc.ServerUnaryCall<Msg, Msg>, cb: grpc.sendUnaryData<Msg>) => {
        // "flaky" fails UNAVAILABLE on every other call
        if (call.request.text === "flaky" && flakyCalls++ % 2 === 0) {
          cb({ code: grpc.status.UNAVAILABLE, details: "try again" });
          return;
        }
        (handlers.Unary as grpc.handleUnaryCall<Msg, Msg>)(call, cb);
      },
    });
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
    const echo = { kind: "Service", name: "echo" };
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
        retryPolicies: [
          named("echo", { targetRef: echo, retryOn: [], grpcRetryOn: ["unavailable"], attempts: 2 }),
        ],
        authorizationPolicies: [
          named("no-streams", {
            targetRef: echo,
            action: "DENY",
            rules: [
              { from: [{}], to: [{ paths: [{ type: "Exact", value: "/test.v1.Echo/ServerStream" }] }] },
            ],
          }),
        ],
        faultInjections: [
          named("abort-client-stream", {
            targetRef: echo,
            matches: [{ path: { type: "Exact", value: "/test.v1.Echo/ClientStream" } }],
            abort: { grpcStatus: "RESOURCE_EXHAUSTED", percent: 100 },
          }),
        ],
      }),
    );
    await ready(serverProxy);
    await ready(client);
    stub = new EchoClient(`127.0.0.1:${client.outboundPort}`, grpc.credentials.createInsecure(), {
      "grpc.default_authority": "echo.default.svc.cluster.local:9090",
    }) as unknown as typeof stub;
    scope.add(() => stub.close());
  });
  afterAll(() => scope.cleanup());

  it("retries a gRPC call on a listed status code", async () => {
    const r = await new Promise<{ err: grpc.ServiceError | null; res?: Msg }>((resolve) =>
      stub.Unary({ text: "flaky" }, (err, res) => resolve({ err, res })),
    );
    expect(r.err).toBeNull();
    expect(r.res?.text).toMatch(/^echo:flaky:/);
    expect(flakyCalls).toBe(2);
    expect(await metric(client, "retry_total", { result: "retried" })).toBe(1);
  });

  it("answers PERMISSION_DENIED when authorization refuses a method", async () => {
    const call = (
      stub as unknown as { ServerStream: (m: Msg) => grpc.ClientReadableStream<Msg> }
    ).ServerStream({
      text: "s",
    });
    const err = await new Promise<grpc.ServiceError>((resolve) => {
      call.on("error", resolve);
      call.on("data", () => {});
    });
    expect(err.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(err.metadata.get("x-trellis-error")).toEqual(["unauthorized"]);
  });

  it("injects a gRPC status as the abort", async () => {
    const err = await new Promise<grpc.ServiceError | null>((resolve) => {
      const c = (
        stub as unknown as {
          ClientStream: (cb: (e: grpc.ServiceError | null) => void) => grpc.ClientWritableStream<Msg>;
        }
      ).ClientStream(resolve);
      c.write({ text: "a" });
      c.end();
    });
    expect(err?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(err?.metadata.get("x-trellis-fault")).toEqual(["abort"]);
  });
});
