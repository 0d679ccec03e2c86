import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CustomerPki, makeCustomerPki } from "../ca/external-pki.ts";
import { startTestControlPlane, TestClient, type TestControlPlane } from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";

// Issue 13 §1: after a whole journey — signup, login, API tokens, clusters and join tokens,
// a connector's credential, webhooks, an uploaded CA key, each create sent with an
// Idempotency-Key as the SDK sends them — no table of the database holds any of those
// secrets in plain text: a copy of the database must not be a way in.
let cp: TestControlPlane;
let pki: CustomerPki;
const secrets = new Map<string, string>();
const password = "correct horse battery staple";

beforeAll(async () => {
  pki = makeCustomerPki();
  cp = await startTestControlPlane({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" } });
});
afterAll(() => cp?.stop());

let keyCount = 0;
const idempotent = () => ({ "idempotency-key": `journey-${++keyCount}` });

async function journey(): Promise<void> {
  const browser = new TestClient(cp.url);
  const signup = await browser.post("/v1/auth/signup", {
    email: "sec@example.com",
    password,
    orgName: "Sec",
  });
  expect(signup.status).toBe(201);
  secrets.set("password", password);
  const login = await browser.post("/v1/auth/login", { email: "sec@example.com", password });
  expect(login.status).toBe(200);
  secrets.set("session cookie", browser.cookie!.split("=")[1]!);
  // Not the CSRF token: it is no credential without the session (stored hashed), and
  // GET /v1/me hands it back, so it is kept as is.

  const token = await browser.post("/v1/tokens", { name: "ci", role: "admin" }, idempotent());
  expect(token.status).toBe(201);
  secrets.set("API token", token.body.token);
  const api = new TestClient(cp.url, token.body.token);

  expect((await api.post("/v1/meshes", { name: "prod" }, idempotent())).status).toBe(201);
  const cluster = await api.post("/v1/meshes/prod/clusters", { name: "east" }, idempotent());
  expect(cluster.status).toBe(201);
  secrets.set("join token", cluster.body.joinToken.token);
  const again = await api.post("/v1/meshes/prod/clusters/east/join-token", {}, idempotent());
  expect(again.status).toBe(201);
  secrets.set("second join token", again.body.token);

  const sim = new SimConnector(cp.tunnelTarget, { joinToken: again.body.token });
  const welcome = await sim.welcome();
  secrets.set("cluster credential", welcome.clusterCredential);
  sim.close();

  const hook = await api.post("/v1/webhooks", { url: "http://127.0.0.1:9/hook" }, idempotent());
  expect(hook.status).toBe(201);
  secrets.set("webhook secret", hook.body.secret);

  const byo = await api.post("/v1/meshes", { name: "byo", settings: { ca: { type: "external" } } });
  expect(byo.status).toBe(201);
  const upload = await api.post("/v1/meshes/byo/ca/external", {
    certPem: pki.issuerPem,
    keyPem: pki.issuerKeyPem,
    rootPem: pki.rootPem,
  });
  expect(upload.status, JSON.stringify(upload.body)).toBe(200);
  // A PEM's base64 body, which is what a dump would show of it.
  secrets.set("uploaded CA key", pki.issuerKeyPem.split("\n").slice(1, -2).join(""));
}

/** Every row of every table of the database, as text. */
async function dumpDatabase(): Promise<{ table: string; text: string }[]> {
  const db = cp.database.db;
  const rowsOf = (r: unknown) =>
    (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Record<string, string>[];
  const tables = rowsOf(
    await db.execute("select table_name from information_schema.tables where table_schema = 'public'"),
  ).map((r) => r.table_name!);
  expect(tables.length).toBeGreaterThan(15);
  const dump: { table: string; text: string }[] = [];
  for (const table of tables) {
    const rows = rowsOf(await db.execute(`select t::text as row from "${table}" t`));
    dump.push({ table, text: rows.map((r) => r.row).join("\n") });
  }
  return dump;
}

describe("secrets at rest", () => {
  it("no table holds a token, join token, credential, password, CA key or webhook secret in plain text", async () => {
    await journey();
    const dump = await dumpDatabase();
    const found: string[] = [];
    for (const [what, secret] of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      for (const { table, text } of dump) if (text.includes(secret)) found.push(`${what} in ${table}`);
    }
    expect(found).toEqual([]);
    // The dump is real: it holds what is not secret.
    expect(dump.find((d) => d.table === "meshes")!.text).toContain("prod");
  });
});
