import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { bearerToken, type CompiledJwt, claimHolds, indexJwt, JwksCache, verifyJwt } from "./jwt.ts";

describe("JWT requirement", () => {
  let jwks: { keys: Record<string, unknown>[] };
  let sign: (
    claims: Record<string, unknown>,
    opts?: { aud?: string; exp?: string | number },
  ) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256");
    jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" }] };
    sign = (claims, opts = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "ES256", kid: "k1" })
        .setIssuer("https://issuer.example")
        .setAudience(opts.aud ?? "api")
        .setIssuedAt()
        .setExpirationTime(opts.exp ?? "5m")
        .sign(privateKey);
  });

  const requirement = (extra: object = {}): CompiledJwt =>
    indexJwt(
      { issuer: "https://issuer.example", audiences: ["api"], jwks, ...extra },
      "test",
      new JwksCache(),
    );

  it("accepts a valid token and refuses a wrong audience or an expired one", async () => {
    expect((await verifyJwt(await sign({}), requirement())).ok).toBe(true);
    const wrongAud = await verifyJwt(await sign({}, { aud: "other" }), requirement());
    expect(wrongAud).toMatchObject({ ok: false, error: expect.stringMatching(/aud/) });
    const expired = await verifyJwt(
      await sign({}, { exp: Math.floor(Date.now() / 1000) - 3600 }),
      requirement(),
    );
    expect(expired).toMatchObject({ ok: false, error: expect.stringMatching(/exp/) });
  });

  it("checks claims: one of the values, arrays and space-separated scopes", async () => {
    const r = requirement({ claims: [{ name: "groups", values: ["admins"] }] });
    expect((await verifyJwt(await sign({ groups: ["users", "admins"] }), r)).ok).toBe(true);
    expect((await verifyJwt(await sign({ groups: ["users"] }), r)).ok).toBe(false);
    expect(claimHolds({ scope: "read write" }, "scope", ["write"])).toBe(true);
    expect(claimHolds({ org: { tier: "gold" } }, "org.tier", ["gold"])).toBe(true);
  });

  it("fetches a remote JWKS once and caches it", async () => {
    let fetches = 0;
    const cache = new JwksCache(async () => {
      fetches++;
      return new Response(JSON.stringify(jwks), { headers: { "content-type": "application/json" } });
    });
    const r = indexJwt(
      { issuer: "https://issuer.example", audiences: ["api"], jwksUri: "https://keys.example/jwks.json" },
      "t",
      cache,
    );
    expect((await verifyJwt(await sign({}), r)).ok).toBe(true);
    expect((await verifyJwt(await sign({}), r)).ok).toBe(true);
    expect(fetches).toBe(1);
  });

  it("reads only a well-formed bearer token", () => {
    expect(bearerToken("Bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(bearerToken("Basic abc")).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
