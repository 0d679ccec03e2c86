import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestControlPlane, TestClient, type TestControlPlane } from "../harness.ts";

// Issue 13 §2: throttling failed logins per account and per (account, client), with a much
// higher per-address ceiling, must not lock real users out; behind a load balancer the
// client is read from X-Forwarded-For, but only when the hop is a trusted proxy.
const password = "correct horse battery staple";

async function signup(cp: TestControlPlane, email: string): Promise<void> {
  const res = await new TestClient(cp.url).post("/v1/auth/signup", { email, password, orgName: "T" });
  expect(res.status).toBe(201);
}

const login = (cp: TestControlPlane, email: string, pass: string, forwardedFor?: string) =>
  new TestClient(cp.url).post(
    "/v1/auth/login",
    { email, password: pass },
    forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
  );

describe("login throttling, direct clients (no trusted proxy)", () => {
  let cp: TestControlPlane;
  beforeAll(async () => {
    cp = await startTestControlPlane();
  });
  afterAll(() => cp.stop());

  it("a burst of failures from one address does not lock out a user who knows the password", async () => {
    await signup(cp, "real@example.com");
    // 60 failures from this address, spread over 15 accounts (4 each): over the old per-address 50.
    for (let i = 0; i < 60; i++) {
      const res = await login(cp, `someone${i % 15}@example.com`, "wrong password!!");
      expect(res.status).toBe(401);
    }
    expect((await login(cp, "real@example.com", password)).status).toBe(200);
  });

  it("an untrusted X-Forwarded-For is ignored: rotating it does not escape the limit", async () => {
    await signup(cp, "target@example.com");
    for (let i = 0; i < 5; i++)
      expect((await login(cp, "target@example.com", "wrong password!!", `203.0.113.${i}`)).status).toBe(401);
    const blocked = await login(cp, "target@example.com", "wrong password!!", "203.0.113.99");
    expect(blocked.status).toBe(429);
    expect(blocked.body.detail).toMatch(/this account from your address/);
  });
});

describe("login throttling behind a trusted load balancer", () => {
  let cp: TestControlPlane;
  beforeAll(async () => {
    cp = await startTestControlPlane({ env: { TRUSTED_PROXIES: "127.0.0.0/8,::1/128" } });
  });
  afterAll(() => cp.stop());

  it("an attacker guessing one account's password is throttled; its owner elsewhere still logs in", async () => {
    await signup(cp, "victim@example.com");
    for (let i = 0; i < 5; i++)
      expect((await login(cp, "victim@example.com", "wrong password!!", "203.0.113.9")).status).toBe(401);
    const attacker = await login(cp, "victim@example.com", password, "203.0.113.9");
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await login(cp, "victim@example.com", password, "198.51.100.7")).status).toBe(200);
  });

  it("the client is the first untrusted hop from the right, whatever the client put before it", async () => {
    await signup(cp, "spoof@example.com");
    // The client forges a leftmost entry; the balancer appends the real address.
    for (let i = 0; i < 5; i++)
      await login(cp, "spoof@example.com", "wrong password!!", `10.9.9.${i}, 203.0.113.50`);
    expect((await login(cp, "spoof@example.com", password, "1.1.1.1, 203.0.113.50")).status).toBe(429);
    expect((await login(cp, "spoof@example.com", password, "203.0.113.51")).status).toBe(200);
  });

  it("failures on one account from many addresses throttle the account", async () => {
    await signup(cp, "spread@example.com");
    for (let i = 0; i < 50; i++)
      expect((await login(cp, "spread@example.com", "wrong password!!", `198.18.${i}.1`)).status).toBe(401);
    const res = await login(cp, "spread@example.com", password, "198.18.200.1");
    expect(res.status).toBe(429);
    expect(res.body.detail).toMatch(/this account/);
  });
});
