import { Agent } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import {
  metric,
  named,
  ready,
  Scope,
  snapshot,
  spiffe,
  startEchoApp,
  startProxy,
  trustDomain,
} from "./harness.ts";
import { httpRequest, type Reply } from "./http-client.ts";

describe("RateLimit and FaultInjection through a proxy pair", () => {
  const scope = new Scope();
  let ca: TestCa;
  let connector: FakeConnector;

  beforeEach(async () => {
    ca = await TestCa.create(trustDomain);
    connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
  });
  afterEach(() => scope.cleanup());

  async function pair(policies: object) {
    const app = await startEchoApp(scope, "api");
    const server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [{ name: "api", endpoints: [{ port: server.inboundPort, sa: "api" }] }],
        ...policies,
      }),
    );
    await ready(client);
    await ready(server);
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    scope.add(() => agent.destroy());
    return { server, client, agent };
  }

  it("holds a 50/s limit under 200/s offered, answering 429 with Retry-After", async () => {
    const { client, server, agent } = await pair({
      rateLimits: [
        named("api-50", { targetRef: { kind: "Service", name: "api" }, requests: 50, per: "1s", burst: 10 }),
      ],
    });
    // Open loop: a request every 5 ms for 3 s, whatever the answers take.
    const replies: Promise<Reply>[] = [];
    const started = performance.now();
    const durationMs = 3000;
    for (let i = 0; performance.now() - started < durationMs; i++) {
      const due = started + i * 5;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      replies.push(httpRequest(client.outboundPort, { host: "api", agent }));
    }
    const elapsedS = (performance.now() - started) / 1000;
    const all = await Promise.all(replies);
    // On a loaded machine requests reach the server's proxy later than they were sent, over
    // a longer time: the bucket refills until the last one is answered.
    const answeredS = (performance.now() - started) / 1000;
    const ok = all.filter((r) => r.status === 200).length;
    const limited = all.filter((r) => r.status === 429);
    const offeredPerS = all.length / elapsedS;
    // burst + rate × time
    expect(offeredPerS).toBeGreaterThan(100); // the test really offered more than twice the limit
    expect(ok).toBeGreaterThanOrEqual((10 + 50 * elapsedS) * 0.8);
    expect(ok).toBeLessThanOrEqual((10 + 50 * answeredS) * 1.2 + 5);
    expect(ok + limited.length).toBe(all.length);
    expect(limited[0]?.headers["retry-after"]).toBe("1");
    expect(limited[0]?.headers["x-trellis-error"]).toBe("rate-limited");
    expect(
      await metric(server, "request_denied_total", { reason: "rate_limit", client_id: spiffe("web") }),
    ).toBe(limited.length);
  });

  it("aborts 10% of 2,000 requests (±4σ: 146–254) and labels them", async () => {
    const { client, agent } = await pair({
      faultInjections: [
        named("api-abort", {
          targetRef: { kind: "Service", name: "api" },
          abort: { httpStatus: 503, percent: 10 },
        }),
      ],
    });
    let next = 0;
    const counts = { ok: 0, aborted: 0, other: 0 };
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < 2000) {
          next++;
          const r = await httpRequest(client.outboundPort, { host: "api", agent });
          if (r.status === 200) counts.ok++;
          else if (r.status === 503 && r.headers["x-trellis-fault"] === "abort") counts.aborted++;
          else counts.other++;
        }
      }),
    );
    expect(counts.other).toBe(0);
    expect(counts.aborted).toBeGreaterThanOrEqual(146);
    expect(counts.aborted).toBeLessThanOrEqual(254);
    expect(await metric(client, "fault_injected_total", { kind: "abort" })).toBe(counts.aborted);
  });

  it("delays matching requests only, and says so in x-trellis-fault", async () => {
    const { client, agent } = await pair({
      faultInjections: [
        named("api-slow", {
          targetRef: { kind: "Service", name: "api" },
          matches: [{ path: { type: "PathPrefix", value: "/slow" } }],
          delay: { fixedDelay: "200ms", percent: 100 },
        }),
      ],
    });
    const t0 = performance.now();
    const slow = await httpRequest(client.outboundPort, { host: "api", path: "/slow/x", agent });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(195);
    expect(slow.status).toBe(200);
    expect(slow.headers["x-trellis-fault"]).toBe("delay");
    const fast = await httpRequest(client.outboundPort, { host: "api", path: "/fast", agent });
    expect(fast.headers["x-trellis-fault"]).toBeUndefined();
    expect(await metric(client, "fault_injected_total", { kind: "delay" })).toBe(1);
  });
});
