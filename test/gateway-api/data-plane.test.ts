import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "../cli/run-cli.ts";
import { waitFor } from "../support/wait-for.ts";
import { type Echo, EchoApp, LoopbackMesh } from "./loopback-mesh.ts";

// The Gateway API behaviour Trellis enforces today — weighted split, header match,
// per-rule timeouts, filters — applied as a GAMMA manifest through the CLI and checked
// through real proxies: a client's outbound proxy → mTLS → each backend's inbound proxy.

const manifest = fileURLToPath(new URL("./manifests/data-plane/web-routes.yaml", import.meta.url));
const apps = {
  v1: new EchoApp("web-v1"),
  v2: new EchoApp("web-v2"),
  shadow: new EchoApp("web-shadow"),
  // The caller is a workload too: the CA signs only identities some cluster discovered.
  client: new EchoApp("client"),
};

let cp: TestControlPlane;
let mesh: LoopbackMesh;
let outbound = "";
let env: Record<string, string>;
let dir: { path: string; remove(): Promise<void> };

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; echo?: Echo };

/** A request from the client app to `web.gamma`, through its proxy's outbound listener. */
function call(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const [host, port] = outbound.split(":");
  return new Promise((resolve, reject) => {
    const req = request(
      { host, port: Number(port), path, headers: { host: "web.gamma:80", ...headers } },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => {
          body += c.toString();
        });
        res.on("end", () => {
          const json = res.headers["content-type"]?.includes("application/json")
            ? (JSON.parse(body) as Echo)
            : undefined;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            ...(json?.app ? { echo: json } : {}),
          });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  for (const app of Object.values(apps)) await app.start();
  cp = await startTestControlPlane();
  const session = new TrellisClient({ baseUrl: cp.url });
  await session.auth.signup({
    email: `data-plane-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    orgName: "Gamma data plane",
  });
  const token = (await session.tokens.create({ name: "cli", role: "owner" })).token;
  const owner = new TrellisClient({ baseUrl: cp.url, token });
  await owner.meshes.create({ name: "gamma" });
  const cluster = await owner.clusters("gamma").create("loopback");
  mesh = new LoopbackMesh();
  await mesh.startConnector(cp.tunnelUrl, cluster.joinToken.token);
  await mesh.startProxy({ service: "web-v1", namespace: "gamma", app: apps.v1 });
  await mesh.startProxy({ service: "web-v2", namespace: "gamma", app: apps.v2 });
  await mesh.startProxy({ service: "web-shadow", namespace: "gamma", app: apps.shadow });
  outbound = (await mesh.startProxy({ service: "client", namespace: "gamma", app: apps.client })).outbound!;
  // `web` selects both versions, as a Kubernetes Service would; the route decides.
  mesh.writeDiscovery([{ name: "web", namespace: "gamma", of: "web-v1" }]);

  dir = await tempDir("trellis-gamma-cli-");
  env = { TRELLIS_CONFIG_DIR: dir.path, TRELLIS_URL: cp.url, TRELLIS_TOKEN: token, TRELLIS_MESH: "gamma" };
  const applied = await runCli(["apply", "-f", manifest], { env });
  expect(applied.stdout.trim(), applied.stderr).toBe("httproute/gamma/web created");
  await waitFor(
    async () => {
      const sync = await owner.sync("gamma").get();
      return sync.proxies.length === 4 && sync.inSync;
    },
    { timeoutMs: 60_000, what: "the 4 proxies to report and run the route" },
  );
  const synced = await runCli(["sync", "--wait", "--timeout", "60s"], { env });
  expect(synced.code, synced.stderr).toBe(0);
  // The route resolves once the services are discovered: the status says so too.
  const route = await owner.resources("gamma").get("HTTPRoute", "web", { namespace: "gamma" });
  expect(
    route.status.conditions.map((c) => `${c.type}=${c.status}`),
    JSON.stringify(route.status.conditions),
  ).toEqual(["Accepted=True", "ResolvedRefs=True", "Programmed=True"]);
  // Certificates and routes are in place once a split request is answered by an app.
  let last: unknown;
  await waitFor(
    async () => {
      last = await call("/").catch((e: unknown) => String(e));
      return (last as Answer).echo;
    },
    { timeoutMs: 30_000, what: () => `a first routed answer (last: ${JSON.stringify(last)})` },
  );
}, 180_000);

afterAll(async () => {
  await mesh?.stop();
  await cp?.stop();
  await dir?.remove();
  for (const app of Object.values(apps)) await app.stop();
});

describe("Gateway API behaviour through real proxies", () => {
  it("splits by weight between the backendRefs (50/50)", async () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const a = await call(`/items/${i}`);
      expect(a.status).toBe(200);
      counts[a.echo!.app] = (counts[a.echo!.app] ?? 0) + 1;
    }
    // Both halves are served; bounds wide enough for chance (p < 1e-9 outside them).
    expect(Object.keys(counts).sort()).toEqual(["web-v1", "web-v2"]);
    expect(counts["web-v1"]).toBeGreaterThan(50);
    expect(counts["web-v2"]).toBeGreaterThan(50);
  });

  it("a header match sends every matching request to its backend", async () => {
    for (let i = 0; i < 20; i++) expect((await call("/", { "x-canary": "true" })).echo?.app).toBe("web-v2");
    // A near miss of the value does not match.
    const miss = new Set<string>();
    for (let i = 0; i < 40; i++) miss.add((await call("/", { "x-canary": "yes" })).echo!.app);
    expect(miss.has("web-v1")).toBe(true);
  });

  it("a rule's request timeout answers 504 instead of waiting for a slow backend", async () => {
    const a = await call("/slow/report");
    expect(a.status).toBe(504);
    expect(a.headers["x-trellis-error"]).toBe("timeout");
    expect(apps.v1.seen.some((s) => s.path === "/slow/report")).toBe(true);
  });

  it("filters: request and response headers, prefix rewrite, and a mirror copy", async () => {
    const before = apps.shadow.seen.length;
    const a = await call("/api/items?id=7", { "x-drop": "secret" });
    expect(a.status).toBe(200);
    expect(a.echo).toMatchObject({ app: "web-v1", path: "/items?id=7" });
    expect(a.echo!.headers["x-route"]).toBe("api");
    expect(a.echo!.headers["x-drop"]).toBeUndefined();
    expect(a.headers["x-served-by"]).toBe("trellis");
    const copy = await waitFor(
      () => apps.shadow.seen.slice(before).find((s) => s.path.startsWith("/items")),
      {
        what: "the mirrored copy at web-shadow",
      },
    );
    expect(copy.headers["x-route"]).toBe("api");
  });

  it("a redirect answers without reaching a backend", async () => {
    const seen = apps.v1.seen.length + apps.v2.seen.length;
    const a = await call("/old");
    expect(a.status).toBe(301);
    expect(a.headers.location).toBe("https://web.example.com/new");
    expect(apps.v1.seen.length + apps.v2.seen.length).toBe(seen);
  });
});
