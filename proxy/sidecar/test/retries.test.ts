import { Agent } from "node:http";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import { metric, named, ready, Scope, snapshot, startEchoApp, startProxy, trustDomain } from "./harness.ts";
import { httpRequest } from "./http-client.ts";

describe("RetryPolicy through a proxy pair", () => {
  const scope = new Scope();
  let ca: TestCa;
  let connector: FakeConnector;

  beforeEach(async () => {
    ca = await TestCa.create(trustDomain);
    connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
  });
  afterEach(() => scope.cleanup());

  it("hides a backend failing 30% of requests until the retry budget is spent, then the failures show", async () => {
    // Deterministic 30%: attempts number 1, 4 and 7 of every 10 fail, so a retry always
    // lands on a success and the arithmetic below is exact.
    let attempts = 0;
    const app = await startEchoApp(scope, "flaky", (_req, res) => {
      const n = attempts++ % 10;
      if (n !== 1 && n !== 4 && n !== 7) return false;
      res.writeHead(503).end("flaky");
      return true;
    });
    const server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    const retry = {
      targetRef: { kind: "Service", name: "api" },
      retryOn: ["5xx"],
      attempts: 3,
      backoff: { baseInterval: "1ms", maxInterval: "2ms" },
      // No share of live traffic, a floor of 2/s over 10 s: exactly 20 retries.
      budget: { percent: 0, minRetriesPerSecond: 2, ttl: "10s" },
    };
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [{ name: "api", endpoints: [{ port: server.inboundPort, sa: "api" }] }],
        retryPolicies: [named("api-retries", retry)],
      }),
    );
    await ready(client);
    await ready(server);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    scope.add(() => agent.destroy());
    const get = () => httpRequest(client.outboundPort, { host: "api", agent });

    // 40 requests need 17 retries (attempts 1,4,…,54 fail): all hidden.
    for (let i = 0; i < 40; i++) expect((await get()).status).toBe(200);
    expect(await metric(client, "retry_total", { result: "retried" })).toBe(17);

    // The last 3 retries go, then every failing attempt reaches the client.
    let failures = 0;
    for (let i = 0; i < 100; i++) if ((await get()).status === 503) failures++;
    expect(failures).toBeGreaterThanOrEqual(20);
    expect(failures).toBeLessThanOrEqual(40);
    expect(await metric(client, "retry_total", { result: "retried" })).toBe(20);
    expect(await metric(client, "retry_total", { result: "budget_exhausted" })).toBe(failures);

    // Reported per edge too.
    await waitFor(
      () =>
        connector.received.some((m) =>
          m.metrics?.edges.some((e) => e.destinationService === "api" && Number(e.retries) > 0),
        ),
      { what: "an EdgeStats with retries" },
    );
  });

  it("does not retry a POST unless the policy allows it, and enforces backendRequest per attempt", async () => {
    let calls = 0;
    const app = await startEchoApp(scope, "down", (req, res) => {
      calls++;
      if (req.url === "/hang") return true; // never answers
      res.writeHead(503).end("down");
      return true;
    });
    const server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [{ name: "api", endpoints: [{ port: server.inboundPort, sa: "api" }] }],
        httpRoutes: [
          named("api", {
            parentRefs: [{ name: "api" }],
            rules: [{ backendRefs: [{ name: "api" }], timeouts: { request: "5s", backendRequest: "200ms" } }],
          }),
        ],
        retryPolicies: [
          named("api-retries", {
            targetRef: { kind: "HTTPRoute", name: "api" },
            retryOn: ["5xx"],
            attempts: 3,
            backoff: { baseInterval: "1ms", maxInterval: "2ms" },
          }),
        ],
      }),
    );
    await ready(client);
    await ready(server);
    const post = await httpRequest(client.outboundPort, { host: "api", method: "POST", body: "x" });
    expect(post.status).toBe(503);
    expect(calls).toBe(1);
    const get = await httpRequest(client.outboundPort, { host: "api" });
    expect(get.status).toBe(503);
    expect(calls).toBe(4); // 1 + 3 attempts
    const started = Date.now();
    const hang = await httpRequest(client.outboundPort, { host: "api", path: "/hang" });
    expect(hang.status).toBe(504);
    expect(hang.headers["x-trellis-error"]).toBe("timeout");
    // 3 × 200 ms per try; the request's own 5 s timeout would take 5 s or more.
    expect(Date.now() - started).toBeLessThan(4_900);
  });
});
