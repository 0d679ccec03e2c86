import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import {
  type EchoReply,
  metric,
  named,
  type ProxyHandle,
  ready,
  Scope,
  snapshot,
  spiffe,
  startEchoApp,
  startProxy,
  trustDomain,
} from "./harness.ts";
import { httpRequest } from "./http-client.ts";

/**
 * Inbound L4 pass-through (`--l4-pass-through auto`): with only identity rules on the
 * service, an allowed peer's connection is piped to the app (no HTTP parsing: the app
 * gets no x-trellis-client-identity, the proxy counts TCP, not requests); a refused
 * identity still gets a 403 with its reason; an L7 policy (a rate limit) turns it off.
 */
describe("inbound L4 pass-through", () => {
  const scope = new Scope();
  let connector: FakeConnector;
  let ca: TestCa;
  let server: ProxyHandle;
  let web: ProxyHandle;
  let batch: ProxyHandle;

  beforeEach(async () => {
    ca = await TestCa.create(trustDomain);
    connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
    const app = await startEchoApp(scope, "api");
    server = await startProxy(scope, {
      connector: connector.address,
      service: "api",
      sa: "api",
      app,
      extra: ["--l4-pass-through", "auto"],
    });
    web = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    batch = await startProxy(scope, { connector: connector.address, service: "batch", sa: "batch" });
  });
  afterEach(() => scope.cleanup());

  const push = async (version: number, extra: object = {}) => {
    connector.push(
      snapshot({
        version,
        trustBundle: [ca.rootPem],
        services: [{ name: "api", endpoints: [{ port: server.inboundPort, sa: "api" }] }],
        authorizationPolicies: [
          named("api-allow-web", {
            targetRef: { kind: "Service", name: "api" },
            rules: [{ from: [{ identities: [spiffe("web")] }] }],
          }),
        ],
        ...extra,
      }),
    );
    for (const p of [server, web, batch]) await ready(p);
  };
  const echo = (r: { body: string }) => JSON.parse(r.body) as EchoReply;
  // What the admin port says about the inbound side.
  const inbound = async (p: ProxyHandle) =>
    ((await (await fetch(`http://127.0.0.1:${p.adminPort}/config`)).json()) as { inbound: unknown }).inbound;

  it("pipes an allowed identity's connection and refuses another with 403", async () => {
    await push(1);
    expect(await inbound(server)).toMatchObject({
      l4PassThrough: true,
      l4PassThroughMode: "auto",
      piping: true,
    });
    const ok = await httpRequest(web.outboundPort, { host: "api", path: "/piped" });
    expect(ok.status).toBe(200);
    expect(echo(ok)).toMatchObject({ app: "api", path: "/piped" });
    // Bytes, not requests: no identity header was written, the inbound side counted a
    // connection and no HTTP response.
    expect(echo(ok).headers["x-trellis-client-identity"]).toBeUndefined();
    expect(await metric(server, "response_total", { direction: "inbound" })).toBe(0);
    expect(await metric(server, "request_total", { direction: "inbound", client_id: spiffe("web") })).toBe(1);
    expect(await metric(server, "tcp_open_total", { direction: "inbound" })).toBeGreaterThan(0);
    const denied = await httpRequest(batch.outboundPort, { host: "api", path: "/piped" });
    expect(denied.status).toBe(403);
    expect(denied.headers["x-trellis-error"]).toBe("unauthorized");
  });

  it("parses HTTP again when an L7 policy applies to the service", async () => {
    await push(1, {
      rateLimits: [
        named("api-rl", { targetRef: { kind: "Service", name: "api" }, requests: 1000, per: "1s" }),
      ],
    });
    expect(await inbound(server)).toMatchObject({ l4PassThrough: false, piping: false });
    const ok = await httpRequest(web.outboundPort, { host: "api", path: "/parsed" });
    expect(ok.status).toBe(200);
    expect(echo(ok).headers["x-trellis-client-identity"]).toBe(spiffe("web"));
    expect(await metric(server, "response_total", { direction: "inbound" })).toBe(1);
  });
});
