import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { type CaBackend, createBuiltinCa, loadCa } from "../src/index.ts";
import { allowAll, makeCsr } from "./helpers/csr.ts";
import { handshake, type Identity, startSpiffeServer } from "./helpers/tls-pair.ts";

const kek = randomBytes(32);
const meshA = "a.trellis.test";
const meshB = "b.trellis.test";

async function svid(ca: CaBackend, id: string): Promise<Identity> {
  const { csrPem, keyPem } = await makeCsr();
  const issued = await ca.issue({ csrPem, identity: id, ttlSeconds: 3600, allowIdentity: allowAll });
  return { keyPem, chainPem: issued.chainPem, bundle: issued.trustBundle };
}

describe("issued SVIDs in a real mutual-TLS handshake (node:tls)", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });

  it("both peers verify each other's SPIFFE id", async () => {
    const ca = loadCa(createBuiltinCa({ trustDomain: meshA, kek }), kek);
    const serverId = `spiffe://${meshA}/ns/shop/sa/cart`;
    const clientId = `spiffe://${meshA}/ns/web/sa/frontend`;
    const server = await startSpiffeServer(await svid(ca, serverId));
    closers.push(server.close);
    await expect(handshake(server.port, await svid(ca, clientId), serverId)).resolves.toBe(clientId);
    // The client refuses a server that is a valid member of the mesh but not who it expected.
    await expect(
      handshake(server.port, await svid(ca, clientId), `spiffe://${meshA}/ns/shop/sa/other`),
    ).rejects.toThrow(/server is spiffe:\/\/a\.trellis\.test\/ns\/shop\/sa\/cart/);
  });

  it("fails for a certificate from another mesh, in either direction", async () => {
    const caA = loadCa(createBuiltinCa({ trustDomain: meshA, kek }), kek);
    const caB = loadCa(createBuiltinCa({ trustDomain: meshB, kek }), kek);
    const serverId = `spiffe://${meshA}/ns/shop/sa/cart`;
    const server = await startSpiffeServer(await svid(caA, serverId));
    closers.push(server.close);
    // Client of mesh B, even trusting A's bundle: the server (trusting only A) refuses it.
    const intruder = await svid(caB, `spiffe://${meshB}/ns/shop/sa/cart`);
    await expect(
      handshake(server.port, { ...intruder, bundle: caA.trustBundle() }, serverId),
    ).rejects.toThrow();
    // Client of mesh A facing a server of mesh B: the client refuses the server's chain.
    const serverB = await startSpiffeServer(await svid(caB, `spiffe://${meshB}/ns/shop/sa/cart`));
    closers.push(serverB.close);
    await expect(
      handshake(
        serverB.port,
        await svid(caA, `spiffe://${meshA}/ns/web/sa/frontend`),
        `spiffe://${meshB}/ns/shop/sa/cart`,
      ),
    ).rejects.toThrow(/unable to verify|self.signed|certificate/i);
  });
});
