import { TrellisClient } from "@trellis/sdk";
import { describe, expect, it } from "vitest";
import { type CaView, caChecks, type ProxyCert, proxyCertChecks } from "./certificate-checks.ts";
import type { CheckResult } from "./check-result.ts";
import { checkCertificates } from "./commands/check-certificates.ts";

const now = Date.parse("2026-03-02T10:00:00Z");
const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const ca = (over: Partial<CaView> = {}): CaView => ({
  backend: "builtin",
  trustDomain: "prod.example",
  ready: true,
  roots: [{ fingerprint: "aa", subject: "CN=root", notAfter: iso(now + 3650 * day), active: true }],
  issuer: { subject: "CN=issuer", notAfter: iso(now + 365 * day), expiringSoon: false },
  rotation: null,
  ...over,
});

const statusOf = (checks: { check: string; status: string }[]) =>
  Object.fromEntries(checks.map((c) => [c.check, c.status]));

describe("caChecks", () => {
  it("a healthy CA passes every check", () => {
    expect(statusOf(caChecks("prod", ca(), now))).toEqual({
      "the mesh CA is ready": "ok",
      "the issuing certificate is valid": "ok",
      "the trust root is valid": "ok",
      "no trust-bundle rotation in progress": "ok",
    });
  });

  it("warns on an issuer the API flags as expiring, fails on an expired one, with the renew hint", () => {
    const soon = caChecks(
      "prod",
      ca({ issuer: { subject: "x", notAfter: iso(now + 5 * day), expiringSoon: true } }),
      now,
    );
    expect(soon[1]).toMatchObject({ status: "warn", detail: expect.stringContaining("expires in 5d") });
    expect(soon[1]!.hint).toContain("/v1/meshes/prod/ca/renew-issuer");
    const gone = caChecks(
      "prod",
      ca({ issuer: { subject: "x", notAfter: iso(now - day), expiringSoon: true } }),
      now,
    );
    expect(gone[1]).toMatchObject({ status: "fail", detail: expect.stringContaining("expired 24h ago") });
  });

  it("an external CA waiting for its upload fails; a root near expiry warns", () => {
    const waiting = caChecks("prod", ca({ backend: "external", ready: false, issuer: null }), now);
    expect(waiting[0]).toMatchObject({ status: "fail", hint: expect.stringContaining("/ca/external") });
    const old = caChecks(
      "prod",
      ca({ roots: [{ fingerprint: "a", subject: "r", notAfter: iso(now + 10 * day), active: true }] }),
      now,
    );
    expect(statusOf(old)["the trust root is valid"]).toBe("warn");
  });

  it("a rotation in progress is a warning with its progress", () => {
    const checks = caChecks(
      "prod",
      ca({
        rotation: {
          phase: "reissuing",
          startedAt: iso(now - 60_000),
          finishedAt: null,
          progress: {
            clusters: { total: 2, withBundle: 2 },
            proxies: { total: 5, withBundle: 5, onNewRoot: 3 },
          },
        },
      }),
      now,
    );
    expect(checks[3]).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("clusters with the new bundle 2/2, proxies on the new root 3/5"),
    });
  });
});

describe("proxyCertChecks", () => {
  const proxy = (id: string, notAfterMs: number | null, over: Partial<ProxyCert> = {}): ProxyCert => ({
    id,
    cluster: "east",
    workload: `web-${id}`,
    health: "ready",
    certNotAfter: notAfterMs === null ? null : iso(notAfterMs),
    flags: [],
    ...over,
  });

  it("ok with the first expiry; warns on cert_expiring; fails on expired; ignores gone proxies", () => {
    expect(
      proxyCertChecks([proxy("a", now + 20 * 3_600_000), proxy("b", now + 30 * 3_600_000)], now),
    ).toEqual([
      { check: "proxy certificates are valid (2/2)", status: "ok", detail: "the first expires in 20h" },
    ]);
    const expiring = proxy("b", now + 3_600_000, { flags: [{ flag: "cert_expiring", reason: "soon" }] });
    expect(proxyCertChecks([proxy("a", now + day), expiring], now)[0]).toMatchObject({
      check: "proxy certificates are valid (1/2)",
      status: "warn",
      detail: "east/web-b: expires in 60m",
    });
    expect(proxyCertChecks([proxy("a", now - 1000), expiring], now)[0]).toMatchObject({
      check: "proxy certificates are valid (0/2)",
      status: "fail",
    });
    expect(proxyCertChecks([proxy("a", now - day, { health: "gone" }), proxy("b", null)], now)).toEqual([]);
  });
});

describe("checkCertificates", () => {
  it("a control plane without the CA and proxies routes gives warnings, not failures", async () => {
    const fetchStub = (async (input: string | URL | Request) => {
      const path = new URL(String(input)).pathname;
      const problem = {
        type: "https://trellis.dev/problems/not_found",
        title: "Not found",
        status: 404,
        detail: `no route for GET ${path}`,
        code: "not_found",
      };
      return new Response(JSON.stringify(problem), {
        status: 404,
        headers: { "content-type": "application/problem+json" },
      });
    }) as typeof fetch;
    const client = new TrellisClient({
      baseUrl: "http://127.0.0.1:9",
      token: "t",
      fetch: fetchStub,
      retries: 0,
    });
    const results: CheckResult[] = [];
    await checkCertificates(client, "prod", (r) => results.push(r), now);
    expect(results).toEqual([
      expect.objectContaining({
        check: "the mesh CA can be checked",
        status: "warn",
        detail: expect.stringContaining("not available"),
      }),
      expect.objectContaining({ check: "proxy certificates can be checked", status: "warn" }),
    ]);
  });

  it("other errors fail the check with the reason", async () => {
    const fetchStub = (async () =>
      new Response(JSON.stringify({ code: "internal", status: 500, detail: "boom", title: "x", type: "x" }), {
        status: 500,
      })) as typeof fetch;
    const client = new TrellisClient({
      baseUrl: "http://127.0.0.1:9",
      token: "t",
      fetch: fetchStub,
      retries: 0,
    });
    const results: CheckResult[] = [];
    await checkCertificates(client, "prod", (r) => results.push(r), now);
    expect(results.map((r) => [r.check, r.status, r.detail])).toEqual([
      ["the mesh CA can be read", "fail", "boom"],
      ["proxy certificates can be read", "fail", "boom"],
    ]);
  });
});
