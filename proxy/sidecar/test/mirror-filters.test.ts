import { Agent } from "node:http";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import {
  type EchoReply,
  metric,
  named,
  ready,
  Scope,
  snapshot,
  startEchoApp,
  startProxy,
  trustDomain,
} from "./harness.ts";
import { httpRequest } from "./http-client.ts";

describe("HTTPRoute filters through a proxy pair", () => {
  const scope = new Scope();
  let ca: TestCa;
  let connector: FakeConnector;

  beforeEach(async () => {
    ca = await TestCa.create(trustDomain);
    connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
  });
  afterEach(() => scope.cleanup());

  async function mesh(rules: unknown[]) {
    const shadowSeen: { path: string; body: string }[] = [];
    const app = await startEchoApp(scope, "api");
    const shadowApp = await startEchoApp(scope, "shadow", (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        shadowSeen.push({ path: req.url ?? "", body: Buffer.concat(chunks).toString() });
        setTimeout(() => res.end("shadow"), 300); // a slow shadow
      });
      return true;
    });
    const server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    const shadow = await startProxy(scope, {
      connector: connector.address,
      service: "shadow",
      sa: "shadow",
      app: shadowApp,
    });
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [
          { name: "api", endpoints: [{ port: server.inboundPort, sa: "api" }] },
          { name: "shadow", endpoints: [{ port: shadow.inboundPort, sa: "shadow" }] },
        ],
        httpRoutes: [named("api", { parentRefs: [{ name: "api" }], rules })],
      }),
    );
    for (const p of [client, server, shadow]) await ready(p);
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    scope.add(() => agent.destroy());
    return { client, shadowSeen, agent };
  }

  const to = (path: string) => [{ path: { type: "PathPrefix", value: path } }];

  it("mirrors requests to a shadow backend without slowing the primary", async () => {
    const { client, shadowSeen, agent } = await mesh([
      {
        matches: to("/mirrored"),
        backendRefs: [{ name: "api" }],
        filters: [{ type: "RequestMirror", requestMirror: { backendRef: { name: "shadow" } } }],
      },
      { matches: to("/plain"), backendRefs: [{ name: "api" }] },
    ]);
    const timed = async (path: string, body?: string) => {
      const t0 = performance.now();
      const r = await httpRequest(client.outboundPort, {
        host: "api",
        path,
        method: body ? "POST" : "GET",
        body,
        agent,
      });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).app).toBe("api");
      return performance.now() - t0;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const plain: number[] = [];
    const mirrored: number[] = [];
    for (let i = 0; i < 20; i++) {
      plain.push(await timed("/plain"));
      mirrored.push(await timed("/mirrored", `body-${i}`));
    }
    await waitFor(() => shadowSeen.length === 20, { what: "20 copies at the shadow" });
    expect(shadowSeen[0]).toEqual({ path: "/mirrored", body: "body-0" });
    // The shadow takes 300 ms per request; the primary must not wait for it.
    expect(median(mirrored)).toBeLessThan(median(plain) * 3 + 50);
    expect(median(mirrored)).toBeLessThan(150);
    expect(await metric(client, "mirror_total", { dst_service: "shadow", result: "sent" })).toBe(20);
  });

  it("modifies headers, rewrites the URL and redirects, visibly at the backend", async () => {
    const { client, agent } = await mesh([
      {
        matches: to("/old"),
        backendRefs: [{ name: "api" }],
        filters: [
          {
            type: "RequestHeaderModifier",
            requestHeaderModifier: {
              set: [{ name: "X-Env", value: "prod" }],
              add: [{ name: "X-Tag", value: "b" }],
              remove: ["X-Secret"],
            },
          },
          {
            type: "ResponseHeaderModifier",
            responseHeaderModifier: { set: [{ name: "X-Served-By", value: "trellis" }], remove: ["x-app"] },
          },
          {
            type: "URLRewrite",
            urlRewrite: {
              hostname: "rewritten.example",
              path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/new" },
            },
          },
        ],
      },
      {
        matches: to("/moved"),
        filters: [
          {
            type: "RequestRedirect",
            requestRedirect: {
              scheme: "https",
              hostname: "example.com",
              path: { type: "ReplaceFullPath", replaceFullPath: "/landing" },
              statusCode: 301,
            },
          },
        ],
      },
    ]);
    const r = await httpRequest(client.outboundPort, {
      host: "api",
      path: "/old/item?id=7",
      headers: { "x-env": "dev", "x-tag": "a", "x-secret": "s3cret" },
      agent,
    });
    expect(r.status).toBe(200);
    const seen = JSON.parse(r.body) as EchoReply;
    expect(seen.path).toBe("/new/item?id=7");
    expect(seen.headers.host).toBe("rewritten.example");
    expect(seen.headers["x-env"]).toBe("prod");
    expect(seen.headers["x-tag"]).toBe("a,b");
    expect(seen.headers["x-secret"]).toBeUndefined();
    expect(seen.headers["x-trellis-route"]).toBeUndefined(); // internal between proxies
    expect(r.headers["x-served-by"]).toBe("trellis");
    expect(r.headers["x-app"]).toBeUndefined();

    const moved = await httpRequest(client.outboundPort, { host: "api", path: "/moved/x?q=1", agent });
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe("https://example.com/landing?q=1");
  });
});
