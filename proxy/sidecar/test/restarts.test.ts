import { Agent } from "node:http";
import { createServer } from "node:net";
import { createLogger } from "@trellis/proxy-core/logger";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bind } from "../src/bind.ts";
import { parseConfig } from "../src/config/flags.ts";
import { build } from "../src/program.ts";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import { ready, Scope, snapshot, startEchoApp, startProxy, tempDir, trustDomain } from "./harness.ts";
import { httpRequest } from "./http-client.ts";

describe("restarts, drains and readiness", () => {
  const scope = new Scope();
  let ca: TestCa;
  let connector: FakeConnector;

  beforeEach(async () => {
    ca = await TestCa.create(trustDomain);
    connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
  });
  afterEach(() => scope.cleanup());

  it("listens only once it can serve, and is ready only with config, certificate and listeners", async () => {
    connector.refuseSigning("unavailable");
    // A port peers already know (as in a pod): the refusal before a certificate is for them.
    const inboundPort = await portOnceFree();
    const config = parseConfig(
      [
        ...["--connector", connector.address, "--service", "api", "--service-account", "api"],
        ...["--inbound", `127.0.0.1:${inboundPort}`, "--app", "127.0.0.1:9", "--outbound", "127.0.0.1:0"],
        ...["--admin", "127.0.0.1:0", "--state-dir", await tempDir(scope)],
      ],
      {},
    );
    const bindings = await bind(config);
    expect(bindings.outbound!.listening).toBe(false); // nothing accepts before its handler is attached
    const proxy = await build(config, bindings, { logger: createLogger("silent") });
    scope.add(() => proxy.drain());
    await proxy.run();
    expect(bindings.outbound!.listening).toBe(true);
    expect(bindings.inbound!.listening).toBe(false); // no certificate: a peer's handshake could not be answered
    const adminPort = (bindings.admin!.address() as { port: number }).port;
    const readyz = async () =>
      (await (await fetch(`http://127.0.0.1:${adminPort}/ready`)).json()) as {
        ready: boolean;
        reasons: string[];
      };
    expect((await readyz()).reasons).toEqual([
      "no configuration yet",
      "no workload certificate yet",
      "listeners not serving yet",
    ]);
    connector.refuseSigning(undefined);
    connector.push(snapshot({ version: 1, trustBundle: [ca.rootPem], services: [] }));
    await waitFor(async () => (await readyz()).ready, { what: "ready once signed", timeoutMs: 20_000 });
    expect(bindings.inbound!.listening).toBe(true);
  });

  it("an inbound on port 0 listens at once: discovery, which the certificate waits for, needs its port", async () => {
    connector.refuseSigning("unavailable");
    const config = parseConfig(
      [
        ...["--connector", connector.address, "--service", "api", "--service-account", "api"],
        ...["--inbound", "127.0.0.1:0", "--app", "127.0.0.1:9", "--admin", "127.0.0.1:0"],
        ...["--state-dir", await tempDir(scope)],
      ],
      {},
    );
    const bindings = await bind(config);
    const proxy = await build(config, bindings, { logger: createLogger("silent") });
    scope.add(() => proxy.drain());
    await proxy.run();
    expect(bindings.inbound!.listening).toBe(true);
  });

  it("a restart with a valid stored certificate serves with it and asks for none", async () => {
    const dir = await tempDir(scope);
    const app = await startEchoApp(scope, "api");
    const first = await startProxy(scope, {
      connector: connector.address,
      service: "api",
      sa: "api",
      app,
      stateDir: dir,
    });
    connector.push(snapshot({ version: 1, trustBundle: [ca.rootPem], services: [] }));
    await ready(first);
    await first.proxy.drain();
    const asked = connector.messages("signRequest").length;
    expect(asked).toBe(1);
    connector.refuseSigning("unavailable"); // the control plane is down

    const again = await startProxy(scope, {
      connector: connector.address,
      service: "api",
      sa: "api",
      app,
      stateDir: dir,
    });
    await ready(again);
    // Reports every 200 ms: a few of them pass with no CSR.
    const statuses = connector.messages("status").length;
    await waitFor(() => connector.messages("status").length >= statuses + 5, { what: "five more reports" });
    expect(connector.messages("signRequest")).toHaveLength(asked);
  });

  it("on drain says DRAINING to the connector at once and answers with Connection: close", async () => {
    let release: (() => void) | undefined;
    const app = await startEchoApp(scope, "api", (req, res) => {
      if (req.url !== "/slow") return false;
      release = () => res.end("late");
      return true;
    });
    const server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    // A deadline far beyond the test: the drain must wait for the request, however slow the machine.
    const client = await startProxy(scope, {
      connector: connector.address,
      service: "web",
      sa: "web",
      extra: ["--drain-timeout-ms", "30000"],
    });
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [{ name: "api", endpoints: [{ port: server.inboundPort, sa: "api" }] }],
      }),
    );
    await ready(client);
    await ready(server);
    const agent = new Agent({ keepAlive: true });
    scope.add(() => agent.destroy());
    const slow = httpRequest(client.outboundPort, { host: "api", path: "/slow", agent });
    await waitFor(() => release !== undefined && client.proxy.inFlight() === 1, {
      what: "the request in flight, at the app",
    });
    const drained = client.proxy.drain();
    await waitFor(
      () =>
        connector
          .messages("status")
          .some((s) => s.proxyId === client.proxy.proxyId && s.health === "PROXY_HEALTH_DRAINING"),
      { what: "a DRAINING status while the request is still in flight" },
    );
    expect(client.proxy.inFlight()).toBe(1);
    release!();
    const reply = await slow;
    expect(reply.status).toBe(200);
    expect(reply.headers.connection).toBe("close");
    await drained;
  });

  it("stops choosing endpoints the connector names unavailable, and uses them again when cleared", async () => {
    const apps = { a: await startEchoApp(scope, "a"), b: await startEchoApp(scope, "b") };
    const a = await startProxy(scope, {
      connector: connector.address,
      service: "api",
      sa: "api",
      app: apps.a,
    });
    const b = await startProxy(scope, {
      connector: connector.address,
      service: "api",
      sa: "api",
      app: apps.b,
    });
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [
          {
            name: "api",
            loadBalancer: "round-robin",
            endpoints: [
              { port: a.inboundPort, sa: "api" },
              { port: b.inboundPort, sa: "api" },
            ],
          },
        ],
      }),
    );
    for (const p of [a, b, client]) await ready(p);
    const who = async () =>
      JSON.parse((await httpRequest(client.outboundPort, { host: "api" })).body).app as string;
    const seen = async (n: number) => {
      const s = new Set<string>();
      for (let i = 0; i < n; i++) s.add(await who());
      return [...s].sort();
    };
    expect(await seen(6)).toEqual(["a", "b"]);
    connector.endpointStates([{ address: "127.0.0.1", port: a.inboundPort, reason: "draining" }]);
    await waitFor(async () => (await seen(4)).join() === "b", { what: "traffic only to b" });
    expect(await seen(10)).toEqual(["b"]);
    // When every endpoint is out, they are used anyway rather than failing.
    connector.endpointStates([
      { address: "127.0.0.1", port: a.inboundPort, reason: "gone" },
      { address: "127.0.0.1", port: b.inboundPort, reason: "gone" },
    ]);
    await waitFor(async () => (await seen(6)).join() === "a,b", { what: "panic mode: both used" });
    connector.endpointStates([]);
    expect(await seen(6)).toEqual(["a", "b"]);
  });
});

/** A port that was free a moment ago (listen(0), read it, close). */
function portOnceFree(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}
