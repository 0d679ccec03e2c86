import { Agent } from "node:http";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import { metric, ready, Scope, snapshot, startEchoApp, startProxy, trustDomain } from "./harness.ts";
import { httpRequest } from "./http-client.ts";

// A one-endpoint service whose proxy restarts (or is still starting) is left out of the
// snapshot for a moment: its callers hold a request for the route's connect-retry window
// (the mesh default: 2 s) instead of failing it at once, and send it when the endpoint is back.
describe("a backend with no endpoint", () => {
  const scope = new Scope();
  let ca: TestCa;
  let connector: FakeConnector;

  beforeEach(async () => {
    ca = await TestCa.create(trustDomain);
    connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
  });
  afterEach(() => scope.cleanup());

  const push = (version: number, endpoints: { port: number; sa: string }[]) =>
    connector.push(snapshot({ version, trustBundle: [ca.rootPem], services: [{ name: "api", endpoints }] }));

  it("holds a request until a snapshot brings an endpoint, then serves it", async () => {
    const app = await startEchoApp(scope, "api");
    const server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    push(1, []);
    await ready(client);
    await ready(server);
    const answer = httpRequest(client.outboundPort, { host: "api", method: "POST", body: "held" });
    await waitFor(async () => (await metric(client, "request_total", { dst_service: "api" })) >= 1, {
      what: "the request to reach the client proxy",
      intervalMs: 10,
    });
    push(2, [{ port: server.inboundPort, sa: "api" }]);
    const r = await answer;
    expect(r.status, r.body).toBe(200);
    expect(JSON.parse(r.body).body).toBe("held");
  });

  it("fails the request with no-endpoints once the window has passed, not before", async () => {
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    push(1, []);
    await ready(client);
    const startedAt = performance.now();
    const r = await httpRequest(client.outboundPort, { host: "api", agent: new Agent() });
    expect(r.status).toBe(503);
    expect(r.headers["x-trellis-error"]).toBe("no-endpoints");
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(1_900);
  });
});
