import { Agent } from "node:http";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import { type EchoReply, Scope, snapshot, spiffe, startEchoApp, startProxy, trustDomain } from "./harness.ts";
import { httpRequest } from "./http-client.ts";

describe("HTTP through a proxy pair", () => {
  const scope = new Scope();
  let ca: TestCa;
  let connector: FakeConnector;

  beforeEach(async () => {
    ca = await TestCa.create(trustDomain);
    connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
  });
  afterEach(() => scope.cleanup());

  async function mesh() {
    const v1 = await startEchoApp(scope, "api-v1");
    const v2 = await startEchoApp(scope, "api-v2");
    const server1 = await startProxy(scope, {
      connector: connector.address,
      service: "api-v1",
      sa: "api-v1",
      app: v1,
    });
    const server2 = await startProxy(scope, {
      connector: connector.address,
      service: "api-v2",
      sa: "api-v2",
      app: v2,
    });
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    const base = {
      trustBundle: [ca.rootPem],
      services: [
        { name: "api", endpoints: [{ port: server1.inboundPort, sa: "api-v1" }] },
        { name: "api-v1", endpoints: [{ port: server1.inboundPort, sa: "api-v1" }] },
        { name: "api-v2", endpoints: [{ port: server2.inboundPort, sa: "api-v2" }] },
      ],
    };
    return { server1, server2, client, base };
  }

  async function ready(port: number) {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/ready`)).status === 200, {
      what: "proxy ready",
    });
  }

  it("forwards a request over mTLS and tells the app the verified client identity", async () => {
    const { client, server1, base } = await mesh();
    connector.push(snapshot({ version: 1, ...base }));
    await ready(client.adminPort);
    await ready(server1.adminPort);
    const reply = await httpRequest(client.outboundPort, {
      host: "api.default.svc.cluster.local",
      path: "/hello?x=1",
      headers: { "x-trellis-client-identity": "spiffe://evil/ns/x/sa/y" },
    });
    expect(reply.status).toBe(200);
    const echo = JSON.parse(reply.body) as EchoReply;
    expect(echo.app).toBe("api-v1");
    expect(echo.path).toBe("/hello?x=1");
    expect(echo.headers["x-trellis-client-identity"]).toBe(spiffe("web"));
  });

  it("splits 90/10 between backends over 1,000 requests (±4σ: 62–138 to the 10% side)", async () => {
    const { client, server1, server2, base } = await mesh();
    const route = {
      name: "canary",
      generation: 1,
      spec: {
        parentRefs: [{ name: "api" }],
        rules: [
          {
            backendRefs: [
              { name: "api-v1", weight: 90 },
              { name: "api-v2", weight: 10 },
            ],
          },
        ],
      },
    };
    connector.push(snapshot({ version: 1, ...base, httpRoutes: [route] }));
    for (const p of [client, server1, server2]) await ready(p.adminPort);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    scope.add(() => agent.destroy());
    const counts = { "api-v1": 0, "api-v2": 0, other: 0 };
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < 1000) {
          next++;
          const r = await httpRequest(client.outboundPort, { host: "api", agent });
          const app = r.headers["x-app"] as keyof typeof counts;
          counts[app in counts ? app : "other"]++;
        }
      }),
    );
    expect(counts.other).toBe(0);
    expect(counts["api-v1"] + counts["api-v2"]).toBe(1000);
    expect(counts["api-v2"]).toBeGreaterThanOrEqual(62);
    expect(counts["api-v2"]).toBeLessThanOrEqual(138);
  });

  it("chooses the backend by path and header matches, and 404s what no rule matches", async () => {
    const { client, server1, server2, base } = await mesh();
    const route = {
      name: "by-match",
      generation: 1,
      spec: {
        parentRefs: [{ name: "api" }],
        rules: [
          { matches: [{ path: { type: "PathPrefix", value: "/v2" } }], backendRefs: [{ name: "api-v2" }] },
          {
            matches: [{ headers: [{ name: "x-canary", value: "true" }] }],
            backendRefs: [{ name: "api-v2" }],
          },
          { matches: [{ path: { type: "PathPrefix", value: "/v1" } }], backendRefs: [{ name: "api-v1" }] },
        ],
      },
    };
    connector.push(snapshot({ version: 1, ...base, httpRoutes: [route] }));
    for (const p of [client, server1, server2]) await ready(p.adminPort);
    const app = async (path: string, headers: Record<string, string> = {}) =>
      (await httpRequest(client.outboundPort, { host: "api:80", path, headers })).headers["x-app"];
    expect(await app("/v2/items")).toBe("api-v2");
    expect(await app("/v1/items")).toBe("api-v1");
    expect(await app("/other", { "x-canary": "true" })).toBe("api-v2");
    // Gateway API precedence: the longer path match wins over a header match.
    expect(await app("/v1/items", { "x-canary": "true" })).toBe("api-v1");
    const miss = await httpRequest(client.outboundPort, { host: "api", path: "/elsewhere" });
    expect(miss.status).toBe(404);
    expect(miss.headers["x-trellis-error"]).toBe("no-route");
  });

  it("counts golden metrics and serves /config and /identity on the admin port", async () => {
    const { client, server1, base } = await mesh();
    connector.push(snapshot({ version: 7, ...base }));
    await ready(client.adminPort);
    await ready(server1.adminPort);
    for (let i = 0; i < 3; i++) await httpRequest(client.outboundPort, { host: "api-v1" });
    const metrics = await (await fetch(`http://127.0.0.1:${client.adminPort}/metrics`)).text();
    expect(metrics).toMatch(
      /request_total\{direction="outbound",client_id="",dst_service="api-v1",dst_namespace="default",route=""\} 3/,
    );
    expect(metrics).toMatch(
      /response_total\{[^}]*dst_service="api-v1"[^}]*status_code="200",classification="success"\} 3/,
    );
    expect(metrics).toMatch(/response_latency_ms_count\{[^}]*dst_service="api-v1"[^}]*\} 3/);
    expect(metrics).toMatch(/tcp_open_total\{direction="outbound",peer="dst"\} 1\n/); // one pooled mTLS connection
    expect(metrics).toMatch(/tcp_open_connections\{direction="outbound",peer="src"\}/);
    const inbound = await (await fetch(`http://127.0.0.1:${server1.adminPort}/metrics`)).text();
    expect(inbound).toContain(
      `request_total{direction="inbound",client_id="${spiffe("web")}",dst_service="api-v1"`,
    );
    const config = (await (await fetch(`http://127.0.0.1:${client.adminPort}/config`)).json()) as {
      version: number;
    };
    expect(config.version).toBe(7);
    const id = (await (await fetch(`http://127.0.0.1:${client.adminPort}/identity`)).json()) as {
      spiffeId: string;
      notAfter: string;
      chainPem: string;
    };
    expect(id.spiffeId).toBe(spiffe("web"));
    expect(Date.parse(id.notAfter)).toBeGreaterThan(Date.now());
    expect(id.chainPem).toContain("BEGIN CERTIFICATE");
    expect(id.chainPem).not.toContain("PRIVATE KEY");
  });

  it("refuses non-mesh hosts when egress is denied and goes direct when allowed", async () => {
    const { client, base } = await mesh();
    const outside = await startEchoApp(scope, "outside");
    connector.push(snapshot({ version: 1, ...base, egressMode: "deny" }));
    await ready(client.adminPort);
    const denied = await httpRequest(client.outboundPort, { host: `127.0.0.1:${outside}` });
    expect(denied.status).toBe(403);
    expect(denied.headers["x-trellis-error"]).toBe("egress-denied");
    connector.push(snapshot({ version: 2, ...base, egressMode: "allow" }));
    await waitFor(() => client.proxy.appliedVersion() === 2);
    const allowed = await httpRequest(client.outboundPort, { host: `127.0.0.1:${outside}` });
    expect(allowed.headers["x-app"]).toBe("outside");
  });

  it("drops no request while config changes under load", async () => {
    const { client, server1, server2, base } = await mesh();
    const split = (w1: number, w2: number) => ({
      name: "shift",
      generation: 1,
      spec: {
        parentRefs: [{ name: "api" }],
        rules: [
          {
            backendRefs: [
              { name: "api-v1", weight: w1 },
              { name: "api-v2", weight: w2 },
            ],
          },
        ],
      },
    });
    connector.push(snapshot({ version: 1, ...base, httpRoutes: [split(100, 0)] }));
    for (const p of [client, server1, server2]) await ready(p.adminPort);
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    scope.add(() => agent.destroy());
    const statuses: number[] = [];
    let running = true;
    const load = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (running) {
          const r = await httpRequest(client.outboundPort, {
            host: "api",
            agent,
            method: "POST",
            body: "x".repeat(1000),
          });
          statuses.push(r.status);
        }
      }),
    );
    for (let v = 2; v <= 12; v++) {
      connector.push(snapshot({ version: v, ...base, httpRoutes: [v % 2 ? split(100, 0) : split(0, 100)] }));
      await waitFor(() => client.proxy.appliedVersion() === v);
      await waitFor(() => statuses.length >= v * 20, { what: "requests between pushes" });
    }
    running = false;
    await load;
    expect(statuses.length).toBeGreaterThan(200);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });
});
