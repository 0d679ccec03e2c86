import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestControlPlane, TestClient, type TestControlPlane } from "../harness.ts";

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(() => cp.stop());

const password = "correct horse battery staple";

describe("signup", () => {
  it("creates the user and org, sets an HttpOnly SameSite cookie and returns a CSRF token", async () => {
    const client = new TestClient(cp.url);
    const res = await client.post("/v1/auth/signup", {
      email: "Ada@Example.com",
      password,
      orgName: "Analytical",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      user: { email: "ada@example.com" },
      org: { name: "Analytical" },
      role: "owner",
    });
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9]{32}$/);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/trellis_session=trl_ses_/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/); // plain http on loopback
    const me = await client.get("/v1/me");
    expect(me.body).toMatchObject({ user: { email: "ada@example.com" }, role: "owner", via: "session" });
  });

  it("a taken email is a conflict that says to log in", async () => {
    await new TestClient(cp.url).post("/v1/auth/signup", {
      email: "taken@example.com",
      password,
      orgName: "A",
    });
    const res = await new TestClient(cp.url).post("/v1/auth/signup", {
      email: "taken@example.com",
      password,
      orgName: "B",
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/already exists; log in/);
  });

  it("a weak password and a bad email are named by JSON pointer", async () => {
    const res = await new TestClient(cp.url).post("/v1/auth/signup", {
      email: "nope",
      password: "short",
      orgName: "A",
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining(["/email", "/password"]),
    );
  });

  it("malformed JSON is a 400 problem", async () => {
    const res = await new TestClient(cp.url).request("POST", "/v1/auth/signup", "{not json");
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: "bad_request", status: 400 });
    expect(res.body.requestId).toMatch(/^req_/);
  });
});

describe("login and sessions", () => {
  it("logs in, requires the CSRF header on mutations, and logs out", async () => {
    await new TestClient(cp.url).post("/v1/auth/signup", {
      email: "grace@example.com",
      password,
      orgName: "Navy",
    });
    const client = new TestClient(cp.url);
    const login = await client.post("/v1/auth/login", { email: "grace@example.com", password });
    expect(login.status).toBe(200);
    const csrf = client.csrf;
    client.csrf = undefined;
    const noCsrf = await client.post("/v1/meshes", { name: "prod" });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.detail).toMatch(/X-CSRF-Token/);
    client.csrf = csrf;
    expect((await client.post("/v1/meshes", { name: "prod" })).status).toBe(201);
    expect((await client.post("/v1/auth/logout")).status).toBe(204);
    expect((await client.get("/v1/me")).status).toBe(401);
  });

  it("a wrong password is a 401, and repeated failures are throttled with Retry-After", async () => {
    await new TestClient(cp.url).post("/v1/auth/signup", {
      email: "linus@example.com",
      password,
      orgName: "K",
    });
    const client = new TestClient(cp.url);
    for (let i = 0; i < 5; i++) {
      const res = await client.post("/v1/auth/login", {
        email: "linus@example.com",
        password: "wrong password!!",
      });
      expect(res.status).toBe(401);
    }
    const blocked = await client.post("/v1/auth/login", { email: "linus@example.com", password });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("bearer tokens need no CSRF header", async () => {
    const owner = new TestClient(cp.url);
    await owner.post("/v1/auth/signup", { email: "token-user@example.com", password, orgName: "T" });
    const token = (await owner.post("/v1/tokens", { name: "ci", role: "admin" })).body.token as string;
    const res = await new TestClient(cp.url, token).post("/v1/meshes", { name: "ci-mesh" });
    expect(res.status).toBe(201);
  });

  it("a malformed Authorization header is a 401 that shows the right form", async () => {
    const res = await new TestClient(cp.url).get("/v1/me", { authorization: "Token abc" });
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/Bearer <token>/);
  });
});
