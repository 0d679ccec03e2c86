import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "@trellis/core/clock";
import { createTestDatabase, type TestDatabase } from "@trellis/core/testing";
import type { RouteDef } from "../src/api/route.ts";
import { type Config, parseConfig } from "../src/config.ts";
import { createLogger } from "../src/observability/logger.ts";
import { type ControlPlane, createControlPlane } from "../src/server.ts";
import type { HubOptions } from "../src/tunnel/hub.ts";

/** One CA key-encryption key per test process, so replicas on one database share it. */
const testKek = randomBytes(32).toString("base64");

export interface TestControlPlane {
  url: string;
  /** `http://127.0.0.1:<port>` of the tunnel (gRPC, plaintext on loopback); "" without the tunnel role. */
  tunnelUrl: string;
  /** `127.0.0.1:<port>`, the gRPC target of the tunnel. */
  tunnelTarget: string;
  cp: ControlPlane;
  database: TestDatabase;
  config: Config;
  stop(): Promise<void>;
}

/**
 * A real control plane on its own fresh database (the run's PostgreSQL, or PGlite), on
 * free loopback ports. Pass `database` to run a second replica on the same one.
 */
export async function startTestControlPlane(
  options: {
    env?: Record<string, string>;
    database?: TestDatabase;
    clock?: Clock;
    extraRoutes?: RouteDef[];
    tunnel?: HubOptions;
  } = {},
): Promise<TestControlPlane> {
  const database = options.database ?? (await createTestDatabase());
  const config = parseConfig({
    PORT: "0",
    TUNNEL_PORT: "0",
    LOG_LEVEL: process.env.TRELLIS_TEST_LOG ?? "silent",
    // Anything a control plane writes (e.g. a generated KEK) goes to a temp dir, not the repo.
    TRELLIS_DATA_DIR: mkdtempSync(join(tmpdir(), "trellis-cp-test-")),
    TRELLIS_KEK: testKek,
    ...options.env,
  });
  const cp = await createControlPlane(config, {
    database,
    logger: createLogger(config.LOG_LEVEL, { service: "control-plane" }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
    ...(options.tunnel ? { tunnel: options.tunnel } : {}),
  });
  const { apiUrl, tunnelUrl } = await cp.listen();
  return {
    url: apiUrl!,
    tunnelUrl: tunnelUrl ?? "",
    tunnelTarget: tunnelUrl ? new URL(tunnelUrl).host : "",
    cp,
    database,
    config,
    async stop() {
      await cp.close();
      if (!options.database) await database.drop();
    },
  };
}

/** A tiny HTTP client for tests: keeps the session cookie and CSRF token like a browser would. */
export class TestClient {
  cookie: string | undefined;
  csrf: string | undefined;
  constructor(
    readonly baseUrl: string,
    public token?: string,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h["content-type"] = "application/json";
    if (this.token) h.authorization = `Bearer ${this.token}`;
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && !h["x-csrf-token"]) h["x-csrf-token"] = this.csrf;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0];
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown> & { [k: string]: unknown }) : null;
    if (json && typeof json.csrfToken === "string") this.csrf = json.csrfToken;
    // biome-ignore lint/suspicious/noExplicitAny: tests assert response fields one by one
    return { status: res.status, headers: res.headers, body: json as any };
  }
  get = (path: string, headers?: Record<string, string>) => this.request("GET", path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request("POST", path, body ?? {}, headers);
  put = (path: string, body: unknown, headers?: Record<string, string>) =>
    this.request("PUT", path, body, headers);
  patch = (path: string, body: unknown, headers?: Record<string, string>) =>
    this.request("PATCH", path, body, headers);
  delete = (path: string, headers?: Record<string, string>) =>
    this.request("DELETE", path, undefined, headers);
}

let counter = 0;
/** Signs up a fresh user+org and returns a client holding its session. */
export async function signedUpClient(baseUrl: string, orgName = "Acme") {
  const client = new TestClient(baseUrl);
  const email = `user${++counter}-${Date.now()}@example.com`;
  const res = await client.post("/v1/auth/signup", {
    email,
    password: "correct horse battery staple",
    orgName,
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { client, email, orgId: res.body.org.id as string, userId: res.body.user.id as string };
}

/** An API token client of the given role in the signed-up client's org. */
export async function tokenClient(owner: TestClient, role: "owner" | "admin" | "member" | "viewer") {
  const res = await owner.post("/v1/tokens", { name: `${role}-token`, role });
  if (res.status !== 201) throw new Error(`token create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return new TestClient(owner.baseUrl, res.body.token as string);
}
