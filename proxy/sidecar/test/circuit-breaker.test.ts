import type { ServerResponse } from "node:http";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import { metric, named, ready, Scope, snapshot, startEchoApp, startProxy, trustDomain } from "./harness.ts";
import { httpRequest } from "./http-client.ts";

describe("CircuitBreaker through a proxy pair", () => {
  const scope = new Scope();
  let ca: TestCa;
  let connector: FakeConnector;

  beforeEach(async () => {
    ca = await TestCa.create(trustDomain);
    connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
  });
  afterEach(() => scope.cleanup());

  it("ejects a hanging endpoint, moves traffic to the healthy ones, then probes it back", async () => {
    let hanging = true;
    const hits = { a: 0, b: 0, c: 0 };
    const held: ServerResponse[] = [];
    scope.add(() => {
      for (const r of held) r.destroy();
    });
    const apps = await Promise.all(
      (["a", "b", "c"] as const).map((name) =>
        startEchoApp(scope, name, (_req, res) => {
          hits[name]++;
          if (name !== "c" || !hanging) return false;
          held.push(res); // c hangs: never answers while `hanging`
          return true;
        }),
      ),
    );
    const proxies = [];
    for (const [i, name] of (["a", "b", "c"] as const).entries()) {
      proxies.push(
        await startProxy(scope, {
          connector: connector.address,
          service: `api-${name}`,
          sa: `api-${name}`,
          app: apps[i],
        }),
      );
    }
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [
          {
            name: "api",
            loadBalancer: "round-robin", // deterministic: P2C would avoid the slow one by itself
            endpoints: proxies.map((p, i) => ({ port: p.inboundPort, sa: `api-${"abc"[i]}` })),
          },
        ],
        httpRoutes: [
          named("api", {
            parentRefs: [{ name: "api" }],
            rules: [{ backendRefs: [{ name: "api" }], timeouts: { request: "5s", backendRequest: "150ms" } }],
          }),
        ],
        retryPolicies: [
          named("api", {
            targetRef: { kind: "HTTPRoute", name: "api" },
            retryOn: ["5xx"],
            attempts: 3,
            backoff: { baseInterval: "1ms", maxInterval: "2ms" },
          }),
        ],
        circuitBreakers: [
          named("api", {
            targetRef: { kind: "Service", name: "api" },
            outlierDetection: { consecutiveFailures: 2, baseEjectionTime: "1500ms", maxEjectionPercent: 50 },
          }),
        ],
      }),
    );
    for (const p of [client, ...proxies]) await ready(p);
    const get = () => httpRequest(client.outboundPort, { host: "api" });

    // Round robin sends every third request to c; it times out twice and is ejected.
    for (let i = 0; i < 9; i++) expect((await get()).status).toBe(200); // the timeouts are retried away
    expect(await metric(client, "outlier_ejections_total", { dst_service: "api" })).toBe(1);
    const cBefore = hits.c;
    expect(cBefore).toBe(2);
    for (let i = 0; i < 12; i++) expect((await get()).status).toBe(200);
    expect(hits.c).toBe(cBefore); // ejected: no traffic while out

    // c recovers; after the ejection time it is back in the rotation.
    hanging = false;
    await waitFor(
      async () => {
        const r = await get();
        return r.status === 200 && JSON.parse(r.body).app === "c";
      },
      { timeoutMs: 10_000, intervalMs: 50, what: "c probed back" },
    );
    expect(await metric(client, "outlier_ejections_total", { dst_service: "api" })).toBe(1);
  });

  it("refuses requests over the concurrency and pending limits with a fast 503 circuit-open", async () => {
    const held: ServerResponse[] = [];
    const app = await startEchoApp(scope, "slow", (_req, res) => {
      held.push(res);
      return true;
    });
    const server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [{ name: "api", endpoints: [{ port: server.inboundPort, sa: "api" }] }],
        circuitBreakers: [
          named("api-limits", {
            targetRef: { kind: "Service", name: "api" },
            limits: { maxConcurrentRequests: 2, maxPendingRequests: 1 },
          }),
        ],
      }),
    );
    await ready(client);
    await ready(server);
    const pending = [0, 1, 2].map(() => httpRequest(client.outboundPort, { host: "api" }));
    await waitFor(() => held.length === 2, { what: "two requests at the app" });
    const refused = await httpRequest(client.outboundPort, { host: "api" });
    expect(refused.status).toBe(503);
    expect(refused.headers["x-trellis-error"]).toBe("circuit-open");
    expect(held).toHaveLength(2); // the third waits in the queue
    held[0]!.end("done");
    await waitFor(() => held.length === 3, { what: "the queued request admitted" });
    held[1]!.end("done");
    held[2]!.end("done");
    expect((await Promise.all(pending)).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await metric(client, "request_denied_total", { reason: "circuit_open" })).toBe(1);
  });
});
