import { createServer as createHttpsServer } from "node:https";
import { connect as tlsConnect } from "node:tls";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import {
  type EchoReply,
  listen,
  Scope,
  snapshot,
  spiffe,
  startEchoApp,
  startProxy,
  trustDomain,
} from "./harness.ts";
import { httpRequest } from "./http-client.ts";

describe("mesh mTLS", () => {
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

  async function pair(mtlsMode: "strict" | "permissive" = "strict") {
    const app = await startEchoApp(scope, "api");
    const server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    const client = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    const base = {
      trustBundle: [ca.rootPem],
      mtlsMode,
      services: [{ name: "api", endpoints: [{ port: server.inboundPort, sa: "api" }] }],
    };
    connector.push(snapshot({ version: 1, ...base }));
    await ready(server.adminPort);
    await ready(client.adminPort);
    return { app, server, client, base };
  }

  /** A TLS server presenting a certificate we choose, standing in for a destination proxy. */
  async function impostor(cert: { keyPem: string; chainPem: string[] }): Promise<number> {
    const server = createHttpsServer(
      { key: cert.keyPem, cert: cert.chainPem.join(""), ALPNProtocols: ["http/1.1"] },
      (_req, res) => res.end("impostor"),
    );
    return listen(scope, server);
  }

  it("refuses a destination whose certificate comes from another trust domain's CA", async () => {
    const { client, base } = await pair();
    const rogueCa = await TestCa.create("evil.example");
    const port = await impostor(await rogueCa.issue(spiffe("api")));
    connector.push(
      snapshot({ ...base, version: 2, services: [{ name: "api", endpoints: [{ port, sa: "api" }] }] }),
    );
    await waitFor(() => client.proxy.appliedVersion() === 2);
    const r = await httpRequest(client.outboundPort, { host: "api" });
    expect(r.status).toBe(502);
    expect(r.headers["x-trellis-error"]).toBe("upstream-connect");
    expect(r.body).not.toContain("impostor");
  });

  it("refuses a destination presenting a valid certificate for the wrong SPIFFE id", async () => {
    const { client, base } = await pair();
    const port = await impostor(await ca.issue(spiffe("someone-else")));
    connector.push(
      snapshot({ ...base, version: 2, services: [{ name: "api", endpoints: [{ port, sa: "api" }] }] }),
    );
    await waitFor(() => client.proxy.appliedVersion() === 2);
    const r = await httpRequest(client.outboundPort, { host: "api" });
    expect(r.status).toBe(502);
    expect(r.body).toMatch(/is not the expected spiffe:\/\/test\.mesh\.local\/ns\/default\/sa\/api/);
  });

  it("inbound refuses a client certificate from another trust domain", async () => {
    const { server } = await pair();
    const rogue = await (await TestCa.create("evil.example")).issue(
      "spiffe://evil.example/ns/default/sa/web",
    );
    const outcome = await new Promise<string>((resolve) => {
      const s = tlsConnect({
        host: "127.0.0.1",
        port: server.inboundPort,
        key: rogue.keyPem,
        cert: rogue.chainPem.join(""),
        ca: [ca.rootPem],
        checkServerIdentity: () => undefined,
        ALPNProtocols: ["http/1.1"],
      });
      s.on("secureConnect", () => {
        s.write("GET / HTTP/1.1\r\nhost: api\r\n\r\n");
      });
      s.on("data", (d) => resolve(`data:${d.toString().slice(0, 20)}`));
      s.on("error", (e) => resolve(`error:${e.message}`));
      s.on("close", () => resolve("closed"));
    });
    expect(outcome).not.toMatch(/^data:/);
  });

  it("strict mode refuses plaintext on the inbound port", async () => {
    const { server } = await pair("strict");
    await expect(httpRequest(server.inboundPort, { host: "api" })).rejects.toThrow();
  });

  it("permissive mode accepts plaintext, and strips a forged identity header", async () => {
    const { server, client } = await pair("permissive");
    const r = await httpRequest(server.inboundPort, {
      host: "api",
      headers: { "x-trellis-client-identity": spiffe("admin") },
    });
    expect(r.status).toBe(200);
    const echo = JSON.parse(r.body) as EchoReply;
    expect(echo.headers["x-trellis-client-identity"]).toBeUndefined();
    // meshed callers still arrive over mTLS with their verified identity
    const viaMesh = JSON.parse((await httpRequest(client.outboundPort, { host: "api" })).body) as EchoReply;
    expect(viaMesh.headers["x-trellis-client-identity"]).toBe(spiffe("web"));
  });

  it("renews its certificate at half lifetime without failing requests", async () => {
    await connector.stop();
    connector = await FakeConnector.start({ ca, certTtlSeconds: 4 });
    scope.add(() => connector.stop());
    const { client } = await pair();
    const first = (await (await fetch(`http://127.0.0.1:${client.adminPort}/identity`)).json()) as {
      notAfter: string;
    };
    const statuses: number[] = [];
    await waitFor(
      async () => {
        statuses.push((await httpRequest(client.outboundPort, { host: "api" })).status);
        const now = (await (await fetch(`http://127.0.0.1:${client.adminPort}/identity`)).json()) as {
          notAfter: string;
        };
        return now.notAfter !== first.notAfter;
      },
      { timeoutMs: 15_000, intervalMs: 100, what: "a renewed certificate" },
    );
    // one certificate per proxy, then one renewal per proxy: no renewal storm
    expect(connector.messages("signRequest").length).toBeLessThanOrEqual(6);
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});
