import { stat } from "node:fs/promises";
import { join } from "node:path";
import { latencyBucketBoundsMs } from "@trellis/protocol/tunnel";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import { Scope, snapshot, spiffe, startEchoApp, startProxy, tempDir, trustDomain } from "./harness.ts";
import { httpRequest } from "./http-client.ts";

describe("control stream, state and reports", () => {
  const scope = new Scope();
  let ca: TestCa;
  let connector: FakeConnector;

  beforeEach(async () => {
    ca = await TestCa.create(trustDomain);
    connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
  });
  afterEach(() => scope.cleanup());

  const ready = (port: number) =>
    waitFor(async () => (await fetch(`http://127.0.0.1:${port}/ready`)).status === 200, {
      what: "proxy ready",
    });

  async function pair(stateDirs?: { server: string; client: string }) {
    const app = await startEchoApp(scope, "api");
    const server = await startProxy(scope, {
      connector: connector.address,
      service: "api",
      sa: "api",
      app,
      stateDir: stateDirs?.server,
    });
    const client = await startProxy(scope, {
      connector: connector.address,
      service: "web",
      sa: "web",
      stateDir: stateDirs?.client,
    });
    const base = {
      trustBundle: [ca.rootPem],
      services: [{ name: "api", endpoints: [{ port: server.inboundPort, sa: "api" }] }],
    };
    return { app, server, client, base };
  }

  it("restarts with the connector down and serves the last-known-good config and certificate", async () => {
    const dirs = { server: await tempDir(scope), client: await tempDir(scope) };
    const first = await pair(dirs);
    connector.push(snapshot({ version: 4, ...first.base }));
    await ready(first.server.adminPort);
    await ready(first.client.adminPort);
    expect((await httpRequest(first.client.outboundPort, { host: "api" })).status).toBe(200);
    for (const f of ["snapshot.json", "identity.json"]) {
      expect((await stat(join(dirs.client, f))).mode & 0o777).toBe(0o600);
    }
    await first.client.proxy.drain();
    await first.server.proxy.drain();
    await connector.stop();

    const server = await startProxy(scope, {
      connector: connector.address, // nothing listens there any more
      service: "api",
      sa: "api",
      app: first.app,
      stateDir: dirs.server,
      ports: { inbound: first.server.inboundPort },
    });
    const client = await startProxy(scope, {
      connector: connector.address,
      service: "web",
      sa: "web",
      stateDir: dirs.client,
    });
    expect(client.proxy.appliedVersion()).toBe(4);
    await ready(client.adminPort); // immediately: no connector needed
    const r = await httpRequest(client.outboundPort, { host: "api" });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).headers["x-trellis-client-identity"]).toBe(spiffe("web"));
    expect(server.proxy.appliedVersion()).toBe(4);
  });

  it("NACKs a snapshot it cannot apply and keeps serving the previous one", async () => {
    const { client, server, base } = await pair();
    connector.push(snapshot({ version: 1, ...base }));
    await ready(client.adminPort);
    await ready(server.adminPort);
    const nonce = connector.push(
      JSON.stringify({ ...snapshot({ version: 2, ...base }), services: "nope" }),
      2,
    );
    const nack = await waitFor(() => connector.messages("nack").find((n) => n.nonce === nonce));
    expect(nack.version).toBe(2);
    expect(nack.error).toMatch(/services/);
    const garbage = connector.push("{not json", 3);
    await waitFor(() => connector.messages("nack").find((n) => n.nonce === garbage));
    expect(client.proxy.appliedVersion()).toBe(1);
    expect((await httpRequest(client.outboundPort, { host: "api" })).status).toBe(200);
    // A status sent between the two NACKs still names the first; wait for the next one.
    const status = await waitFor(() =>
      connector
        .messages("status")
        .findLast((s) => s.proxyId === client.proxy.proxyId && s.lastNack?.nonce === garbage),
    );
    expect(status.lastNack?.error).toMatch(/JSON/);
  });

  it("acks snapshots and reports status and per-edge metric batches", async () => {
    const { client, server, base } = await pair();
    const nonce = connector.push(snapshot({ version: 9, ...base }));
    await ready(client.adminPort);
    await ready(server.adminPort);
    expect(connector.messages("ack").filter((a) => a.nonce === nonce)).toHaveLength(2);
    for (let i = 0; i < 5; i++) await httpRequest(client.outboundPort, { host: "api" });
    const hello = connector.messages("hello").find((h) => h.proxyId === client.proxy.proxyId);
    expect(hello?.service).toBe("web");
    const status = await waitFor(() =>
      connector
        .messages("status")
        .findLast(
          (s) => s.proxyId === client.proxy.proxyId && s.appliedConfigVersion === 9 && s.certNotAfter,
        ),
    );
    expect(status.health).toBe("PROXY_HEALTH_READY");
    expect(status.identity).toBe(spiffe("web"));
    expect(status.certRootFingerprint).toMatch(/^[0-9a-f]{64}$/);
    const edges = await waitFor(() => {
      const all = connector.messages("metrics").flatMap((b) => b.edges);
      const mine = all.filter((e) => e.sourceService === "web" && e.destinationService === "api");
      return mine.reduce((n, e) => n + Number(e.requests), 0) >= 5 ? mine : undefined;
    });
    expect(edges[0]!.latencyBuckets).toHaveLength(latencyBucketBoundsMs.length + 1);
    expect(edges.reduce((n, e) => n + Number(e.successes), 0)).toBe(5);
    // the server side does not double count meshed requests
    const inbound = connector
      .messages("metrics")
      .flatMap((b) => b.edges)
      .filter((e) => e.sourceService === "" && e.destinationService === "api");
    expect(inbound).toHaveLength(0);
  });

  it("streams tap events with allow-listed headers only while a tap runs", async () => {
    const { client, server, base } = await pair();
    connector.push(snapshot({ version: 1, ...base }));
    await ready(client.adminPort);
    await ready(server.adminPort);
    connector.command(
      {
        commandId: "cmd1",
        startTap: {
          tapId: "tap1",
          service: "api",
          namespace: "default",
          pathPrefix: "/tapped",
          maxEvents: 10,
        },
      },
      client.proxy.proxyId,
    );
    await waitFor(() => connector.messages("commandResult").find((r) => r.commandId === "cmd1" && r.ok));
    await httpRequest(client.outboundPort, { host: "api", path: "/untapped" });
    await httpRequest(client.outboundPort, {
      host: "api",
      path: "/tapped/1?token=secret",
      headers: { authorization: "Bearer secret", "user-agent": "tap-test" },
    });
    const event = await waitFor(() => connector.messages("tapEvent").find((e) => e.tapId === "tap1"));
    expect(event.path).toBe("/tapped/1");
    expect(event.status).toBe(200);
    expect(event.direction).toBe("outbound");
    expect(event.serverIdentity).toBe(spiffe("api"));
    expect(event.headers["user-agent"]).toBe("tap-test");
    expect(event.headers.authorization).toBeUndefined();
    expect(connector.messages("tapEvent").filter((e) => e.path.startsWith("/untapped"))).toHaveLength(0);
  });
});
