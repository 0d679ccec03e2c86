import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type CaBackend, type CaErrorKind, createBuiltinCa, isCaError, loadCa } from "../src/index.ts";
import { makeWorkloadCsr } from "../src/testing/csr.ts";
import { allowAll, corruptSignature, makeCsr, type TestCsr } from "./helpers/csr.ts";

const kek = randomBytes(32);
const trustDomain = "prod.acme.trellis.test";
const identity = `spiffe://${trustDomain}/ns/shop/sa/cart`;

async function expectRefused(promise: Promise<unknown>, kind: CaErrorKind, message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isCaError(error, kind), `expected CaError ${kind}, got ${String(error)}`).toBe(true);
  expect((error as Error).message).toMatch(message);
  return error;
}

describe("issue() refuses bad requests", () => {
  let ca: CaBackend;
  let good: TestCsr;
  beforeAll(async () => {
    ca = loadCa(createBuiltinCa({ trustDomain, kek }), kek);
    good = await makeCsr();
  });
  const request = (overrides: Partial<Parameters<CaBackend["issue"]>[0]> = {}) => ({
    csrPem: good.csrPem,
    identity,
    ttlSeconds: 3600,
    allowIdentity: allowAll,
    ...overrides,
  });

  it("accepts the good request (so each refusal below is caused by its one change)", async () => {
    await expect(ca.issue(request())).resolves.toMatchObject({ identity });
  });

  it("a CSR whose signature does not verify", async () => {
    const error = await expectRefused(
      ca.issue(request({ csrPem: corruptSignature(good.csrPem) })),
      "csr_invalid",
      /signature does not verify/,
    );
    expect((error as { code: string }).code).toBe("invalid");
  });

  it("garbage instead of a CSR", async () => {
    await expectRefused(ca.issue(request({ csrPem: "hello" })), "csr_invalid", /not PEM/);
    const truncated = `-----BEGIN CERTIFICATE REQUEST-----\nMIIBCgKCAQEA\n-----END CERTIFICATE REQUEST-----\n`;
    await expectRefused(ca.issue(request({ csrPem: truncated })), "csr_invalid", /not valid DER/);
  });

  it("an oversized CSR", async () => {
    await expectRefused(
      ca.issue(request({ csrPem: "A".repeat(20_000) })),
      "csr_invalid",
      /larger than 16384/,
    );
  });

  it("a CSR from the package's own test helper is accepted (it is what other packages' tests use)", async () => {
    const { csrPem } = makeWorkloadCsr({ identity });
    await expect(ca.issue(request({ csrPem }))).resolves.toMatchObject({ identity });
  });

  it("an RSA 1024 key and a P-521 key", async () => {
    const rsa = await makeCsr({ key: "rsa1024" });
    await expectRefused(ca.issue(request({ csrPem: rsa.csrPem })), "key_type_not_allowed", /RSA 1024 bits/);
    const p521 = await makeCsr({ key: "p521" });
    await expectRefused(ca.issue(request({ csrPem: p521.csrPem })), "key_type_not_allowed", /secp521r1/);
  });

  it("an identity in another trust domain", async () => {
    const error = await expectRefused(
      ca.issue(request({ identity: "spiffe://staging.acme.trellis.test/ns/shop/sa/cart" })),
      "identity_not_allowed",
      /trust domain "staging\.acme\.trellis\.test"/,
    );
    expect((error as { code: string }).code).toBe("forbidden");
  });

  it("an identity the caller's callback does not allow (it is asked about that identity)", async () => {
    const asked: string[] = [];
    const allowIdentity = (id: string) => {
      asked.push(id);
      return id.endsWith("/sa/checkout");
    };
    await expectRefused(ca.issue(request({ allowIdentity })), "identity_not_allowed", /may not obtain/);
    expect(asked).toEqual([identity]);
    // A truthy non-boolean is not permission.
    await expectRefused(
      ca.issue(request({ allowIdentity: (() => "yes") as unknown as () => boolean })),
      "identity_not_allowed",
      /may not obtain/,
    );
  });

  it("a CSR whose URI SAN differs from the requested identity, or carries two", async () => {
    const other = await makeCsr({ uris: [`spiffe://${trustDomain}/ns/shop/sa/admin`] });
    await expectRefused(ca.issue(request({ csrPem: other.csrPem })), "identity_not_allowed", /CSR asks for/);
    const two = await makeCsr({ uris: [identity, `spiffe://${trustDomain}/ns/shop/sa/admin`] });
    await expectRefused(ca.issue(request({ csrPem: two.csrPem })), "csr_invalid", /2 URI SANs/);
    const same = await makeCsr({ uris: [identity] });
    await expect(ca.issue(request({ csrPem: same.csrPem }))).resolves.toMatchObject({ identity });
  });

  it("not a Trellis SPIFFE id", async () => {
    for (const bad of ["https://example.com", `spiffe://${trustDomain}/anything`, ""]) {
      await expectRefused(
        ca.issue(request({ identity: bad })),
        "identity_not_allowed",
        /not a Trellis SPIFFE id/,
      );
    }
  });

  it("lifetimes outside 1h–7d", async () => {
    for (const ttlSeconds of [3599, 7 * 86_400 + 1, 0, -5, 1.5 * 3600 + 0.5]) {
      await expectRefused(
        ca.issue(request({ ttlSeconds })),
        "ttl_out_of_range",
        /outside 3600s \(1h\)–604800s \(7d\)/,
      );
    }
    await expect(ca.issue(request({ ttlSeconds: 7 * 86_400 }))).resolves.toMatchObject({ identity });
  });
});
