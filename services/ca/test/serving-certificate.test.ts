import { randomBytes, X509Certificate } from "node:crypto";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { connect, createServer } from "node:tls";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type AcmPcaClientOptions,
  type CaBackend,
  createAcmPcaCa,
  createBuiltinCa,
  isCaError,
  loadCa,
} from "../src/index.ts";
import { type FakeAcmPca, fakeAcmCredentials, startFakeAcmPca } from "../src/testing/fake-acm-pca.ts";
import { allowAll, makeCsr } from "./helpers/csr.ts";
import { opensslVerify } from "./helpers/openssl.ts";

// Serving certificates for a Kubernetes admission webhook: one DNS SAN, serverAuth only,
// never a SPIFFE id; they chain to the mesh's trust bundle (the webhook's caBundle).
const kek = randomBytes(32);
const trustDomain = "prod.acme.trellis.test";
const dnsName = "trellis-injector.trellis-system.svc";
const serverAuth = "1.3.6.1.5.5.7.3.1";

async function issue(ca: CaBackend, over: { dnsName?: string; ttlSeconds?: number } = {}) {
  const { csrPem, keyPem } = await makeCsr({
    subject: "CN=ignored",
    uris: [`spiffe://${trustDomain}/ns/a/sa/b`],
  });
  const issued = await ca.issueServing({
    csrPem,
    dnsName: over.dnsName ?? dnsName,
    ttlSeconds: over.ttlSeconds ?? 86_400,
    allowDnsName: allowAll,
  });
  return { issued, keyPem };
}

/** A TLS client that trusts only the bundle and checks the name, as the API server does. */
async function handshake(port: number, bundle: string[], servername: string): Promise<void> {
  const socket = connect({ port, host: "127.0.0.1", ca: bundle, servername });
  try {
    await once(socket, "secureConnect");
  } finally {
    socket.destroy();
  }
}

function expectRefused(promise: Promise<unknown>, message: RegExp) {
  return expect(promise).rejects.toSatisfy((e: unknown) =>
    isCaError(e, "identity_not_allowed") || isCaError(e, "ttl_out_of_range")
      ? message.test((e as Error).message)
      : false,
  );
}

function checkShape(certPem: string) {
  const leaf = new X509Certificate(certPem);
  expect(leaf.subjectAltName).toBe(`DNS:${dnsName}`); // the CSR's URI SAN was not copied
  expect(leaf.subject ?? "").toBe("");
  expect(leaf.ca).toBe(false);
  expect(leaf.keyUsage).toEqual([serverAuth]); // node names the EKU "keyUsage"
}

describe("serving certificates from the builtin CA (name-constrained to the trust domain's URIs)", () => {
  let ca: CaBackend;
  beforeEach(() => {
    ca = loadCa(JSON.parse(JSON.stringify(createBuiltinCa({ trustDomain, kek }))), kek);
  });

  it("carry exactly the DNS name, serverAuth only, and verify for servers but not clients", async () => {
    const { issued } = await issue(ca);
    checkShape(issued.certPem);
    expect(issued.identity).toBe(`dns:${dnsName}`);
    const chain = {
      roots: issued.trustBundle,
      intermediates: issued.chainPem.slice(1),
      leaf: issued.certPem,
    };
    expect((await opensslVerify({ ...chain, purpose: "sslserver" })).ok).toBe(true);
    expect((await opensslVerify({ ...chain, purpose: "sslclient" })).ok).toBe(false);
  });

  it("serve HTTPS that a client trusting only the mesh bundle accepts for that name only", async () => {
    const { issued, keyPem } = await issue(ca);
    const server = createServer({ key: keyPem, cert: issued.chainPem.join("") }, (s) => s.end());
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      await handshake(port, issued.trustBundle, dnsName);
      await expect(handshake(port, issued.trustBundle, "kubernetes.default.svc")).rejects.toThrow(
        /does not match certificate's altnames/,
      );
    } finally {
      server.close();
    }
  });

  it("refuse what is not one lower-case DNS name, a refused name, and lifetimes out of range", async () => {
    for (const bad of ["Trellis.svc", "single", "*.trellis-system.svc", "a..b", `${"x".repeat(64)}.svc`])
      await expectRefused(issue(ca, { dnsName: bad }), /is not a lower-case DNS name/);
    const { csrPem } = await makeCsr();
    await expectRefused(
      ca.issueServing({ csrPem, dnsName, ttlSeconds: 3600, allowDnsName: () => false }),
      /may not obtain a certificate for "trellis-injector/,
    );
    await expectRefused(issue(ca, { ttlSeconds: 60 }), /outside 3600s/);
  });
});

describe("serving certificates in ACM PCA leaf mode (DnsName passed through)", () => {
  let fake: FakeAcmPca;
  const acmPca: AcmPcaClientOptions = {
    credentials: fakeAcmCredentials,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 5 },
  };
  beforeEach(async () => {
    fake = await startFakeAcmPca();
  });
  afterEach(() => fake.close());

  it("issues the DNS name through ApiPassthrough and checks what comes back", async () => {
    const target = { caArn: fake.caArn, region: fake.region, endpoint: fake.endpoint };
    const state = await createAcmPcaCa({ ...target, trustDomain, mode: "leaf", kek, acmPca });
    const ca = loadCa(JSON.parse(JSON.stringify(state)), kek, { acmPca });
    const { issued } = await issue(ca);
    expect(new X509Certificate(issued.certPem).subjectAltName).toBe(`DNS:${dnsName}`);
    const chain = {
      roots: issued.trustBundle,
      intermediates: issued.chainPem.slice(1),
      leaf: issued.certPem,
    };
    expect((await opensslVerify({ ...chain, purpose: "sslserver" })).ok).toBe(true);
  });
});
