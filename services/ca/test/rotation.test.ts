import { randomBytes, X509Certificate } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import {
  type CaBackend,
  createBuiltinCa,
  fingerprintOfPem,
  finishRotation,
  isCaError,
  loadCa,
  startRotation,
} from "../src/index.ts";
import { allowAll, makeCsr } from "./helpers/csr.ts";
import { opensslVerify } from "./helpers/openssl.ts";
import { handshake, type Identity, startSpiffeServer } from "./helpers/tls-pair.ts";
import { waitFor } from "./helpers/wait-for.ts";

const kek = randomBytes(32);
const trustDomain = "rot.trellis.test";
const serverId = `spiffe://${trustDomain}/ns/shop/sa/cart`;
const clientId = `spiffe://${trustDomain}/ns/web/sa/frontend`;

async function svid(ca: CaBackend, id: string): Promise<Identity> {
  const { csrPem, keyPem } = await makeCsr();
  const issued = await ca.issue({ csrPem, identity: id, ttlSeconds: 3600, allowIdentity: allowAll });
  return { keyPem, chainPem: issued.chainPem, bundle: issued.trustBundle };
}

describe("trust-bundle rotation", () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((c) => c()));
  });

  it("start puts both roots in the bundle and issues from the new root; finish drops the old", async () => {
    const s0 = createBuiltinCa({ trustDomain, kek });
    const oldRoot = s0.active.roots[0]!;
    const s1 = startRotation(s0, kek);
    const ca1 = loadCa(s1, kek);
    expect(ca1.trustBundle()).toHaveLength(2);
    expect(ca1.trustBundle()).toContain(oldRoot);
    const info = ca1.issuerInfo();
    expect(info.rotating).toBe(true);
    expect(info.activeRootFingerprint).not.toBe(fingerprintOfPem(oldRoot));
    const { csrPem } = await makeCsr();
    const leaf = await ca1.issue({ csrPem, identity: serverId, ttlSeconds: 3600, allowIdentity: allowAll });
    expect(leaf.rootFingerprint).toBe(info.activeRootFingerprint);
    expect(
      (await opensslVerify({ roots: [oldRoot], intermediates: leaf.chainPem.slice(1), leaf: leaf.certPem }))
        .ok,
    ).toBe(false);
    expect(
      (
        await opensslVerify({
          roots: leaf.trustBundle,
          intermediates: leaf.chainPem.slice(1),
          leaf: leaf.certPem,
        })
      ).ok,
    ).toBe(true);
    expect(() => startRotation(s1, kek)).toThrow(/still running/);
    const s2 = finishRotation(s1);
    expect(loadCa(s2, kek).trustBundle()).toEqual(s1.active.roots);
    expect(loadCa(s2, kek).trustBundle()).not.toContain(oldRoot);
    try {
      finishRotation(s2);
      expect.unreachable();
    } catch (e) {
      expect(isCaError(e, "rotation_conflict")).toBe(true);
    }
  });

  it("keeps a TLS client/server pair talking through the whole rotation with zero failed handshakes", async () => {
    let state = createBuiltinCa({ trustDomain, kek });
    let ca = loadCa(state, kek);
    let serverIdentity = await svid(ca, serverId);
    let clientIdentity = await svid(ca, clientId);
    const server = await startSpiffeServer(serverIdentity);
    closers.push(server.close);

    const counts = { ok: 0, failed: 0, errors: [] as string[] };
    let running = true;
    const loop = (async () => {
      while (running) {
        try {
          expect(await handshake(server.port, clientIdentity, serverId)).toBe(clientId);
          counts.ok++;
        } catch (e) {
          counts.failed++;
          counts.errors.push((e as Error).message);
        }
      }
    })();
    const moreHandshakes = async (n: number) => {
      const target = counts.ok + n;
      await waitFor(() => counts.ok >= target || counts.failed > 0, {
        timeoutMs: 20_000,
        what: `${n} handshakes`,
      });
    };

    await moreHandshakes(5);
    // 1. Start: new root beside the old. 2. Push the bundle to every peer, old leaves kept.
    state = startRotation(state, kek);
    ca = loadCa(state, kek);
    const bundle = ca.trustBundle();
    serverIdentity = { ...serverIdentity, bundle };
    server.setIdentity(serverIdentity);
    clientIdentity = { ...clientIdentity, bundle };
    await moreHandshakes(5);
    // 3. Re-issue leaves from the new issuer, one peer at a time (mixed old/new leaves meanwhile).
    serverIdentity = await svid(ca, serverId);
    server.setIdentity(serverIdentity);
    await moreHandshakes(5);
    clientIdentity = await svid(ca, clientId);
    await moreHandshakes(5);
    // 4. Every peer holds a new leaf: finish, and push the bundle without the old root.
    state = finishRotation(state);
    ca = loadCa(state, kek);
    serverIdentity = { ...serverIdentity, bundle: ca.trustBundle() };
    server.setIdentity(serverIdentity);
    clientIdentity = { ...clientIdentity, bundle: ca.trustBundle() };
    await moreHandshakes(5);
    running = false;
    await loop;

    expect(counts.errors).toEqual([]);
    expect(counts.failed).toBe(0);
    expect(counts.ok).toBeGreaterThanOrEqual(25);
    // Both peers now present leaves anchored in the new root only.
    const newRoot = new X509Certificate(ca.trustBundle()[0]!);
    expect(ca.trustBundle()).toHaveLength(1);
    for (const id of [serverIdentity, clientIdentity]) {
      expect(new X509Certificate(id.chainPem[1]!).verify(newRoot.publicKey)).toBe(true);
    }
  });

  it("(control) a new leaf before the bundle reaches the peer does fail the handshake", async () => {
    const s0 = createBuiltinCa({ trustDomain, kek });
    const ca0 = loadCa(s0, kek);
    const client = await svid(ca0, clientId);
    const ca1 = loadCa(startRotation(s0, kek), kek);
    const server = await startSpiffeServer(await svid(ca1, serverId));
    closers.push(server.close);
    await expect(handshake(server.port, client, serverId)).rejects.toThrow();
  });
});
