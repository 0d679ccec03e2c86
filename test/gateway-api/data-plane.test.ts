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
const features = fileURLToPath(new URL("./manifests/data-plane/shop-features.yaml", import.meta.url));
const apps = {
  v1: new EchoApp("web-v1"),
  v2: new EchoApp("web-v2"),
  shadow: new EchoApp("web-shadow"),
  // The caller is a workload too: the CA signs only identities some cluster discovered.
  client: new EchoApp("client"),
};

let cp: TestControlPlane;
let owner: TrellisClient;
let mesh: LoopbackMesh;
let outbound = "";
let env: Record<string, string>;
let dir: { path: string; remove(): Promise<void> };

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; echo?: Echo };

/** A request from the client app to `web.gamma` (or `service`), through its proxy's outbound listener. */
function call(
  path: string,
  headers: Record<string, string> = {},
  opts: { service?: string; method?: string } = {},
): Promise<Answer> {
  const [host, port] = outbound.split(":");
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port: Number(port),
        path,
        method: opts.method ?? "GET",
        headers: { host: `${opts.service ?? "web"}.gamma:80`, ...headers },
      },
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
  owner = new TrellisClient({ baseUrl: cp.url, token });
  await owner.meshes.create({ name: "gamma" });
  const cluster = await owner.clusters("gamma").create("loopback");
  mesh = new LoopbackMesh();
  await mesh.startConnector(cp.tunnelUrl, cluster.joinToken.token);
  await mesh.startProxy({ service: "web-v1", namespace: "gamma", app: apps.v1 });
  await mesh.startProxy({ service: "web-v2", namespace: "gamma", app: apps.v2 });
  await mesh.startProxy({ service: "web-shadow", namespace: "gamma", app: apps.shadow });
  outbound = (await mesh.startProxy({ service: "client", namespace: "gamma", app: apps.client })).outbound!;
  // `web` selects both versions, as a Kubernetes Service would; the route decides.
  mesh.writeDiscovery([
    { name: "web", namespace: "gamma", of: "web-v1" },
    { name: "shop", namespace: "gamma", of: "web-v1" },
  ]);

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
  // The route resolves once the services are discovered (reported apart from the proxies'
  // receipts): the status says so too.
  const conditions = async () =>
    (await owner.resources("gamma").get("HTTPRoute", "web", { namespace: "gamma" })).status.conditions;
  let seen: unknown;
  await waitFor(
    async () => {
      const list = await conditions();
      seen = list;
      return list.every((c) => c.status === "True");
    },
    { timeoutMs: 30_000, what: () => `the route's conditions all True (${JSON.stringify(seen)})` },
  );
  expect((await conditions()).map((c) => `${c.type}=${c.status}`)).toEqual([
    "Accepted=True",
    "ResolvedRefs=True",
    "Programmed=True",
  ]);
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

/** Metric samples of the client's proxy whose labels include `labels`, summed. */
async function clientMetric(name: string, labels: Record<string, string>): Promise<number> {
  const admin = mesh.proxies.find((p) => p.spec.service === "client")!.admin;
  const text = await (await fetch(`http://${admin}/metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      sum += Number(line.split(" ").pop());
  }
  return sum;
}

describe("Gateway API features enforced since snapshot v2, through real proxies", () => {
  beforeAll(async () => {
    const applied = await runCli(["apply", "-f", features], { env });
    expect(applied.stdout.trim().split("\n"), applied.stderr).toEqual([
      "httproute/gamma/shop created",
      "faultinjection/gamma/chaos created",
    ]);
    const synced = await runCli(["sync", "--wait", "--timeout", "60s"], { env });
    expect(synced.code, synced.stderr).toBe(0);
    let last: unknown;
    await waitFor(
      async () => {
        last = await call("/parent", {}, { service: "shop" }).catch((e: unknown) => String(e));
        return (last as Answer).echo;
      },
      { timeoutMs: 30_000, what: () => `a first answer from shop (last: ${JSON.stringify(last)})` },
    );
  }, 120_000);

  it("a rule without backendRefs routes to its parent service, attached by sectionName", async () => {
    const a = await call("/parent/x", {}, { service: "shop" });
    expect(a.status).toBe(200);
    expect(a.echo).toMatchObject({ app: "web-v1", path: "/parent/x" });
    const route = await owner.resources("gamma").get("HTTPRoute", "shop", { namespace: "gamma" });
    expect(route.status.conditions.map((c) => `${c.type}=${c.status}`)).toContain("Accepted=True");
  });

  it("sessionPersistence: a request bringing the session cookie back reaches the same backend", async () => {
    const first = await call("/sticky/a", {}, { service: "shop" });
    const cookie = String(first.headers["set-cookie"] ?? "").split(";")[0]!;
    expect(cookie).toMatch(/^shop-session=/);
    const apps = new Set<string>();
    for (let i = 0; i < 20; i++)
      apps.add((await call(`/sticky/${i}`, { cookie }, { service: "shop" })).echo!.app);
    expect([...apps]).toEqual([first.echo!.app]);
    // Without it, the 50/50 split reaches both.
    const fresh = new Set<string>();
    for (let i = 0; i < 40 && fresh.size < 2; i++)
      fresh.add((await call("/sticky/n", {}, { service: "shop" })).echo!.app);
    expect([...fresh].sort()).toEqual(["web-v1", "web-v2"]);
  });

  it("CORS: the caller's proxy answers an allowed preflight and marks allowed responses", async () => {
    const seen = apps.v1.seen.length;
    const preflight = await call(
      "/cors/items",
      {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "x-token",
      },
      { service: "shop", method: "OPTIONS" },
    );
    expect(preflight.status).toBe(200);
    expect(preflight.headers).toMatchObject({
      "access-control-allow-origin": "https://app.example",
      "access-control-allow-methods": "GET, POST",
      "access-control-allow-headers": "x-token",
      "access-control-max-age": "600",
    });
    expect(apps.v1.seen.length).toBe(seen); // answered without the backend
    const actual = await call("/cors/items", { origin: "https://app.example" }, { service: "shop" });
    expect(actual.headers["access-control-allow-origin"]).toBe("https://app.example");
    const other = await call("/cors/items", { origin: "https://evil.example" }, { service: "shop" });
    expect(other.status).toBe(200);
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("backendRefs[].filters: the chosen backend's own filters apply", async () => {
    const a = await call("/per-backend", {}, { service: "shop" });
    expect(a.echo).toMatchObject({ app: "web-v2" });
    expect(a.echo!.headers["x-backend"]).toBe("v2");
  });

  it("rules[].retry (GEP-1731): a listed code is retried", async () => {
    const a = await call("/flaky/1", {}, { service: "shop" });
    expect(a.status).toBe(200);
    expect(apps.v1.seen.filter((s) => s.path === "/flaky/1")).toHaveLength(2);
  });

  it("requestMirror.fraction: about a quarter of the requests are copied", async () => {
    const before = await clientMetric("mirror_total", { result: "sent" });
    for (let i = 0; i < 80; i++)
      expect((await call(`/sampled/${i}`, {}, { service: "shop" })).status).toBe(200);
    const sent = (await clientMetric("mirror_total", { result: "sent" })) - before;
    // 80 draws at 1/4: mean 20, σ ≈ 3.9; outside 4–40 has p < 1e-4.
    expect(sent).toBeGreaterThanOrEqual(4);
    expect(sent).toBeLessThanOrEqual(40);
  });

  it("targetRefs (GEP-713): one FaultInjection applies to both services it names", async () => {
    expect((await call("/items/1", { "x-chaos": "on" })).status).toBe(418);
    expect((await call("/parent", { "x-chaos": "on" }, { service: "shop" })).status).toBe(418);
    expect((await call("/items/1")).status).toBe(200);
    expect((await call("/parent", {}, { service: "shop" })).status).toBe(200);
  });
});
