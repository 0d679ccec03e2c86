import { RateLimitedError, TrellisClient, UnavailableError } from "@trellis/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi, problemBody, reply } from "./fixtures.ts";

const mesh = { id: "mesh_1", name: "prod", configVersion: 1 };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("retries", () => {
  it("a create answered 503 + Retry-After is retried after the wait with the same Idempotency-Key", async () => {
    const api = await fakeApi((_req, res, i) => {
      if (i === 0) reply(res, 503, problemBody("unavailable", 503, "db down"), { "retry-after": "1" });
      else reply(res, 201, mesh, { etag: '"v1"' });
    });
    close = api.close;
    const client = new TrellisClient({ baseUrl: api.url, token: "t", retries: 2 });
    const started = Date.now();
    const created = await client.meshes.create({ name: "prod" });
    expect(created).toMatchObject({ name: "prod", etag: '"v1"' });
    expect(api.seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const [first, second] = api.seen;
    expect(first!.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.headers["idempotency-key"]).toBe(first!.headers["idempotency-key"]);
    expect(second!.body).toBe(first!.body);
  });

  it("two logical creates send two different Idempotency-Keys", async () => {
    const api = await fakeApi((_req, res) => reply(res, 201, mesh));
    close = api.close;
    const client = new TrellisClient({ baseUrl: api.url, token: "t" });
    await client.meshes.create({ name: "prod" });
    await client.meshes.create({ name: "prod" });
    expect(api.seen[0]!.headers["idempotency-key"]).not.toBe(api.seen[1]!.headers["idempotency-key"]);
    expect(api.seen[0]!.headers.authorization).toBe("Bearer t");
    expect(api.seen[0]!.headers["user-agent"]).toMatch(/^trellis-sdk-js\//);
  });

  it("429 is retried (Retry-After as an HTTP date), then gives up with RateLimitedError.retryAfterMs", async () => {
    const api = await fakeApi((_req, res) =>
      reply(res, 429, problemBody("rate_limited", 429, "slow down"), {
        "retry-after": new Date(Date.now() + 1000).toUTCString(),
      }),
    );
    close = api.close;
    const client = new TrellisClient({ baseUrl: api.url, token: "t", retries: 1 });
    const err = await client.meshes.list().catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(api.seen).toHaveLength(2);
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(err.retryAfterMs).toBeLessThanOrEqual(2000);
  });

  it("does not wait for a Retry-After beyond maxRetryAfterMs: fails at once with it", async () => {
    const api = await fakeApi((_req, res) =>
      reply(res, 503, problemBody("unavailable", 503, "maintenance"), { "retry-after": "3600" }),
    );
    close = api.close;
    const client = new TrellisClient({ baseUrl: api.url, token: "t", retries: { maxRetries: 3 } });
    const err = await client.meshes.list().catch((e) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect(err.retryAfterMs).toBe(3_600_000);
    expect(api.seen).toHaveLength(1);
  });

  it("does not retry other errors (a 500 or a 409)", async () => {
    const api = await fakeApi((_req, res) => reply(res, 500, problemBody("internal", 500, "boom")));
    close = api.close;
    const client = new TrellisClient({ baseUrl: api.url, token: "t", retries: 3 });
    await expect(client.meshes.list()).rejects.toMatchObject({ code: "internal", status: 500 });
    expect(api.seen).toHaveLength(1);
  });

  it("a non-problem error body (a load balancer page) still gives a typed error", async () => {
    const api = await fakeApi((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end("<html>nope</html>");
    });
    close = api.close;
    const client = new TrellisClient({ baseUrl: api.url, token: "t", retries: 0 });
    await expect(client.meshes.get("x")).rejects.toMatchObject({ name: "NotFoundError", code: "not_found" });
  });

  it("retries a GET after a dropped connection, but not a login (non-idempotent POST)", async () => {
    const api = await fakeApi((req, res, i) => {
      if (i === 0 || req.url === "/v1/auth/login") res.socket?.destroy();
      else reply(res, 200, { items: [mesh], nextCursor: null });
    });
    close = api.close;
    const client = new TrellisClient({
      baseUrl: api.url,
      token: "t",
      retries: { maxRetries: 2, baseDelayMs: 10 },
    });
    expect((await client.meshes.list()).items).toHaveLength(1);
    expect(api.seen).toHaveLength(2);
    await expect(client.auth.login({ email: "a@b.co", password: "x" })).rejects.toMatchObject({
      name: "TrellisNetworkError",
    });
    expect(api.seen).toHaveLength(3);
  });

  it("an abort signal stops the backoff wait", async () => {
    const api = await fakeApi((_req, res) =>
      reply(res, 503, problemBody("unavailable", 503, "down"), { "retry-after": "30" }),
    );
    close = api.close;
    const client = new TrellisClient({ baseUrl: api.url, token: "t", retries: 3 });
    const controller = new AbortController();
    const pending = client.meshes.list({ signal: controller.signal }).catch((e) => e);
    while (api.seen.length === 0) await new Promise((r) => setImmediate(r));
    controller.abort(new Error("stop"));
    expect(((await pending) as Error).message).toBe("stop");
    expect(api.seen).toHaveLength(1);
  });
});
