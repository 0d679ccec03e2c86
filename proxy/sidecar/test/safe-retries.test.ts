import { Agent } from "node:http";
import { connect, createServer, type Socket } from "node:net";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import { listen, metric, ready, Scope, snapshot, startEchoApp, startProxy, trustDomain } from "./harness.ts";
import { httpRequest } from "./http-client.ts";

/** A port where nothing listens any more (connections are refused). */
async function refusingPort(scope: Scope): Promise<number> {
  const s = createServer();
  const port = await new Promise<number>((r) =>
    s.listen(0, "127.0.0.1", () => r((s.address() as { port: number }).port)),
  );
  await new Promise<void>((r) => s.close(() => r()));
  scope.add(() => undefined);
  return port;
}

describe("safe retries without a RetryPolicy", () => {
  const scope = new Scope();
  let ca: TestCa;
  let connector: FakeConnector;

  beforeEach(async () => {
    ca = await TestCa.create(trustDomain);
    connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
  });
  afterEach(() => scope.cleanup());

  it("sends a refused connection to another endpoint, and the refusing endpoint is left out after a few", async () => {
    const app = await startEchoApp(scope, "good");
    const good = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    const dead = await refusingPort(scope);
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [
          {
            name: "api",
            loadBalancer: "round-robin",
            endpoints: [
              { port: dead, sa: "api" },
              { port: good.inboundPort, sa: "api" },
            ],
          },
        ],
      }),
    );
    await ready(client);
    await ready(good);
    for (let i = 0; i < 20; i++) {
      const r = await httpRequest(client.outboundPort, { host: "api", method: "POST", body: `n=${i}` });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).body).toBe(`n=${i}`); // the body went whole to the retry
    }
    expect(await metric(client, "retry_total", { result: "retried" })).toBeGreaterThanOrEqual(3);
    // Round robin alone would keep sending every other request to the dead port.
    expect(await metric(client, "retry_total", { result: "retried" })).toBeLessThan(10);
    expect(await metric(client, "outlier_ejections_total", { dst_service: "api" })).toBeGreaterThanOrEqual(1);
  });

  it("tries the only endpoint again after a short backoff when its connection was reset in the handshake", async () => {
    const app = await startEchoApp(scope, "api");
    const server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    // In front of the real inbound port: the first two connections are reset at once.
    let accepted = 0;
    const open: Socket[] = [];
    const front = createServer((socket: Socket) => {
      if (++accepted <= 2) return void socket.resetAndDestroy();
      open.push(socket);
      const upstream = connect(server.inboundPort, "127.0.0.1");
      socket.pipe(upstream).pipe(socket);
      socket.on("error", () => upstream.destroy());
      upstream.on("error", () => socket.destroy());
    });
    const frontPort = await listen(scope, front);
    scope.add(() => {
      for (const s of open) s.destroy();
    }); // runs before the server's close
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [{ name: "api", endpoints: [{ port: frontPort, sa: "api" }] }],
      }),
    );
    await ready(client);
    await ready(server);
    const r = await httpRequest(client.outboundPort, { host: "api" });
    expect(r.status).toBe(200);
    expect(accepted).toBe(3);
    expect(await metric(client, "retry_total", { result: "retried" })).toBe(2);
  });

  it("bounds a peer that accepts and never answers the handshake: 502 after the retry bound, no hang", async () => {
    const held: Socket[] = [];
    const silent = createServer((s) => held.push(s));
    const silentPort = await listen(scope, silent);
    scope.add(() => {
      for (const s of held) s.destroy();
    }); // runs before the server's close
    const client = await startProxy(scope, {
      connector: connector.address,
      service: "web",
      sa: "web",
      extra: ["--connect-timeout-ms", "200"],
    });
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [{ name: "api", endpoints: [{ port: silentPort, sa: "api" }] }],
      }),
    );
    await ready(client);
    const r = await httpRequest(client.outboundPort, { host: "api", agent: new Agent() });
    expect(r.status).toBe(502);
    expect(r.headers["x-trellis-error"]).toBe("upstream-connect");
    expect(r.body).toMatch(/connect timeout after 200ms/);
    expect(held.length).toBeGreaterThanOrEqual(2); // it was tried again within the bound
    expect(await metric(client, "retry_total", { result: "bound_exceeded" })).toBe(1);
  });
});

describe("bounded handshakes and request heads on the listeners", () => {
  const scope = new Scope();
  afterEach(() => scope.cleanup());

  it("closes a connection that sends half a ClientHello (inbound) or half a request head (outbound)", async () => {
    const ca = await TestCa.create(trustDomain);
    const connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
    const app = await startEchoApp(scope, "api");
    const p = await startProxy(scope, {
      connector: connector.address,
      service: "api",
      sa: "api",
      app,
      extra: ["--handshake-timeout-ms", "300"],
    });
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [{ name: "api", endpoints: [{ port: p.inboundPort, sa: "api" }] }],
      }),
    );
    await ready(p);
    const closed = (port: number, bytes: Buffer) => {
      const s = connect(port, "127.0.0.1", () => s.write(bytes));
      s.on("error", () => {});
      scope.add(() => s.destroy());
      return new Promise<boolean>((r) => s.once("close", () => r(true)));
    };
    const halfHello = Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01]);
    const halfHead = Buffer.from("GET / HTTP/1.1\r\nhost: api\r\n");
    const [inbound, outbound] = await Promise.all([
      closed(p.inboundPort, halfHello),
      closed(p.outboundPort, halfHead),
    ]);
    expect(inbound && outbound).toBe(true);
    // A connection that completes its request is not cut by the same bound.
    const agent = new Agent({ keepAlive: true });
    scope.add(() => agent.destroy());
    expect((await httpRequest(p.outboundPort, { host: "api", agent })).status).toBe(200);
    await waitFor(async () => (await httpRequest(p.outboundPort, { host: "api", agent })).status === 200, {
      what: "a kept-alive connection still serving after the bound",
      timeoutMs: 2000,
    });
  });
});
