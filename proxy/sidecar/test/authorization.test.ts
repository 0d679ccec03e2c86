import { createServer as createNetServer, connect as netConnect } from "node:net";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import {
  listen,
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

describe("AuthorizationPolicy on the inbound side", () => {
  const scope = new Scope();
  let ca: TestCa;
  let connector: FakeConnector;
  let server: ProxyHandle;
  let web: ProxyHandle;
  let batch: ProxyHandle;

  beforeEach(async () => {
    ca = await TestCa.create(trustDomain);
    connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
    const app = await startEchoApp(scope, "api");
    server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    web = await startProxy(scope, { connector: connector.address, service: "web", sa: "web" });
    batch = await startProxy(scope, { connector: connector.address, service: "batch", sa: "batch" });
  });
  afterEach(() => scope.cleanup());

  const base = () => ({
    trustBundle: [ca.rootPem],
    services: [{ name: "api", endpoints: [{ port: server.inboundPort, sa: "api" }] }],
  });
  const allowWeb = (extra: object = {}) =>
    named("api-allow-web", {
      targetRef: { kind: "Service", name: "api" },
      rules: [{ from: [{ identities: [spiffe("web")] }] }],
      ...extra,
    });

  it("lets an allowed identity through and answers 403 to one outside the policy", async () => {
    connector.push(snapshot({ version: 1, ...base(), authorizationPolicies: [allowWeb()] }));
    for (const p of [server, web, batch]) await ready(p);
    const ok = await httpRequest(web.outboundPort, { host: "api" });
    expect(ok.status).toBe(200);
    const denied = await httpRequest(batch.outboundPort, { host: "api" });
    expect(denied.status).toBe(403);
    expect(denied.headers["x-trellis-error"]).toBe("unauthorized");
    expect(
      await metric(server, "request_denied_total", { reason: "authz", client_id: spiffe("batch") }),
    ).toBe(1);
    // The client's proxy counts the denial on its edge, for the control plane.
    await waitFor(
      () => connector.received.some((m) => m.metrics?.edges.some((e) => Number(e.denied?.authz ?? 0) > 0)),
      { what: "an EdgeStats with an authz denial" },
    );
  });

  it("applies DENY before ALLOW and the mesh default when no policy speaks", async () => {
    const denyWeb = named("api-deny-web", {
      targetRef: { kind: "Service", name: "api" },
      action: "DENY",
      rules: [
        {
          from: [{ identities: [spiffe("web")] }],
          to: [{ paths: [{ type: "PathPrefix", value: "/admin" }] }],
        },
      ],
    });
    connector.push(
      snapshot({ version: 1, ...base(), defaultPolicy: "deny", authorizationPolicies: [denyWeb] }),
    );
    for (const p of [server, web, batch]) await ready(p);
    expect((await httpRequest(web.outboundPort, { host: "api", path: "/admin/x" })).status).toBe(403);
    expect((await httpRequest(web.outboundPort, { host: "api", path: "/public" })).status).toBe(403); // default deny
    connector.push(snapshot({ version: 2, ...base(), authorizationPolicies: [denyWeb] }));
    await waitFor(() => server.proxy.appliedVersion() === 2 && web.proxy.appliedVersion() === 2);
    expect((await httpRequest(web.outboundPort, { host: "api", path: "/public" })).status).toBe(200);
    expect((await httpRequest(web.outboundPort, { host: "api", path: "/admin/x" })).status).toBe(403);
  });

  it("requires a valid JWT: missing, wrong-audience and expired tokens get 401", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256");
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" }] };
    const token = (aud: string, exp: string | number = "5m") =>
      new SignJWT({ role: "reader" })
        .setProtectedHeader({ alg: "ES256", kid: "k1" })
        .setIssuer("https://issuer.example")
        .setAudience(aud)
        .setExpirationTime(exp)
        .sign(privateKey);
    const jwt = {
      issuer: "https://issuer.example",
      audiences: ["api"],
      jwks,
      claims: [{ name: "role", values: ["reader"] }],
    };
    connector.push(snapshot({ version: 1, ...base(), authorizationPolicies: [allowWeb({ jwt })] }));
    for (const p of [server, web]) await ready(p);
    const call = async (bearer?: string) =>
      httpRequest(web.outboundPort, {
        host: "api",
        headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
      });
    const missing = await call();
    expect(missing.status).toBe(401);
    expect(missing.headers["www-authenticate"]).toBe('Bearer realm="api"');
    const wrongAud = await call(await token("someone-else"));
    expect(wrongAud.status).toBe(401);
    expect(wrongAud.headers["www-authenticate"]).toMatch(/error="invalid_token".*aud/);
    const expired = await call(await token("api", Math.floor(Date.now() / 1000) - 600));
    expect(expired.status).toBe(401);
    expect(expired.headers["www-authenticate"]).toMatch(/exp/);
    expect((await call(await token("api"))).status).toBe(200);
    expect(await metric(server, "request_denied_total", { reason: "jwt" })).toBe(3);
  });

  it("NACKs a policy it cannot enforce and keeps enforcing the previous snapshot", async () => {
    connector.push(snapshot({ version: 1, ...base(), authorizationPolicies: [allowWeb()] }));
    for (const p of [server, batch]) await ready(p);
    const badRegex = named("bad-regex", {
      targetRef: { kind: "Service", name: "api" },
      rules: [{ from: [{}], to: [{ paths: [{ type: "RegularExpression", value: "/(" }] }] }],
    });
    const plainJwks = allowWeb({
      jwt: { issuer: "i", audiences: ["a"], jwksUri: "http://keys.example/jwks.json" },
    });
    for (const [version, policy, reason] of [
      [2, badRegex, /AuthorizationPolicy bad-regex.*regular expression/],
      [3, plainJwks, /jwksUri must be an https URL/],
    ] as const) {
      const nonce = connector.push(snapshot({ version, ...base(), authorizationPolicies: [policy] }));
      const nack = await waitFor(() => connector.messages("nack").find((n) => n.nonce === nonce), {
        what: `NACK of version ${version}`,
      });
      expect(nack.error).toMatch(reason);
      expect(server.proxy.appliedVersion()).toBe(1);
      expect((await httpRequest(batch.outboundPort, { host: "api" })).status).toBe(403); // still enforced
    }
  });

  it("closes an opaque TCP connection from an identity outside the policy", async () => {
    const echo = createNetServer((sock) => sock.pipe(sock));
    const dbApp = await listen(scope, echo);
    const db = await startProxy(scope, { connector: connector.address, service: "db", sa: "db", app: dbApp });
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [
          { name: "db", port: 5432, protocol: "tcp", endpoints: [{ port: db.inboundPort, sa: "db" }] },
        ],
        authorizationPolicies: [
          named("db-web-only", {
            targetRef: { kind: "Service", name: "db" },
            rules: [{ from: [{ identities: [spiffe("web")] }] }],
          }),
        ],
      }),
    );
    for (const p of [db, web, batch]) await ready(p);
    // CONNECT through the client's proxy, then see whether bytes come back or the line drops.
    const tunnel = (port: number) =>
      new Promise<"echoed" | "closed">((resolve, reject) => {
        const s = netConnect(port, "127.0.0.1", () =>
          s.write(
            "CONNECT db.default.svc.cluster.local:5432 HTTP/1.1\r\nhost: db.default.svc.cluster.local:5432\r\n\r\n",
          ),
        );
        let buf = "";
        let established = false;
        s.on("data", (d: Buffer) => {
          buf += d.toString();
          if (!established && buf.includes("\r\n\r\n")) {
            established = true;
            buf = "";
            s.write("ping");
          } else if (established && buf === "ping") {
            resolve("echoed");
            s.destroy();
          }
        });
        s.on("close", () => resolve("closed"));
        s.on("error", reject);
      });
    expect(await tunnel(web.outboundPort)).toBe("echoed");
    expect(await tunnel(batch.outboundPort)).toBe("closed");
    expect(await metric(db, "request_denied_total", { reason: "authz", client_id: spiffe("batch") })).toBe(1);
  });
});
