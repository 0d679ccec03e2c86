import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import { stateFiles } from "../src/index.ts";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { samplePayload, sampleSnapshot } from "../src/testing/sample-snapshot.ts";
import { FakeProxy } from "./fake-proxy.ts";
import { Harness } from "./harness.ts";

const h = new Harness();
afterEach(() => h.cleanup());

async function setup(opts: { heartbeatIntervalMs?: number } = {}) {
  const cp = await FakeControlPlane.start({ joinTokens: ["jt_good"], ...opts });
  h.defer(() => cp.stop());
  const stateDir = await h.tempDir();
  const discoveryFile = join(await h.tempDir(), "services.yaml");
  await writeFile(discoveryFile, "services: []\n");
  const args = { controlPlane: cp.url, stateDir, discovery: `file:${discoveryFile}`, joinToken: "jt_good" };
  return { cp, stateDir, args };
}

describe("tunnel client", () => {
  it("exchanges the join token for a credential, stores it 0600, and uses it on the next start", async () => {
    const { cp, stateDir, args } = await setup();
    const first = h.connector(args);
    await first.start();
    await waitFor(() => first.status().state === "connected", { what: "first connect" });
    const file = join(stateDir, stateFiles.credential);
    const stored = await waitFor(async () => JSON.parse(await readFile(file, "utf8")), {
      what: "credential file",
    });
    expect(stored.credential).toMatch(/^cred_/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(cp.sessions[0]!.auth.kind).toBe("join-token");
    await first.stop();

    // The token is now used: only the credential can get the second connector in.
    const second = h.connector(args);
    await second.start();
    await waitFor(() => second.status().state === "connected", { what: "second connect" });
    expect(cp.sessions.at(-1)!.auth).toEqual({ kind: "credential", secret: stored.credential });
    expect(second.status().tunnel?.authKind).toBe("credential");
  });

  it("a used join token with no stored credential is refused and not retried", async () => {
    const { cp, args } = await setup();
    cp.joinTokens.set("jt_good", "used");
    const c = h.connector(args);
    const fatal = new Promise<string>((resolve) => c.events.once("fatal", resolve));
    await c.start();
    expect(await fatal).toMatch(/join token rejected.*already used/);
    expect(c.status().state).toBe("unauthenticated");
    const attempts = cp.sessions.length;
    await loopEnds(c); // a retry would keep the loop going
    expect(cp.sessions.length).toBe(attempts);
  });

  it("ACKs a valid snapshot after writing it to the state dir, and serves it to proxies", async () => {
    const { cp, stateDir, args } = await setup();
    const c = h.connector(args);
    await c.start();
    await waitFor(() => c.status().state === "connected");
    const nonce = cp.pushSnapshot(3, sampleSnapshot(3));
    const ack = await waitFor(() => cp.messages("ack").find((a) => a.version === 3), { what: "ack" });
    expect(ack.nonce).toBe(nonce);
    const onDisk = JSON.parse(await readFile(join(stateDir, stateFiles.snapshot), "utf8"));
    expect(onDisk.version).toBe(3);
    expect(c.status().snapshot).toMatchObject({ version: 3, source: "control-plane" });

    const proxy = new FakeProxy(c.status().addresses.proxyPort!, { proxyId: "prx_a", service: "web" });
    h.defer(() => proxy.close());
    const got = await waitFor(() => proxy.of("config")[0], { what: "snapshot at proxy" });
    expect(got.version).toBe(3);
    expect(JSON.parse(got.payload.toString()).version).toBe(3);
  });

  it("NACKs an invalid snapshot with the reason and keeps the previous one", async () => {
    const { cp, stateDir, args } = await setup();
    const c = h.connector(args);
    await c.start();
    await waitFor(() => c.status().state === "connected");
    cp.pushSnapshot(1, sampleSnapshot(1));
    await waitFor(() => cp.messages("ack").some((a) => a.version === 1));

    const bad = { ...sampleSnapshot(2), settings: { mtlsMode: "sometimes" } };
    const nonce = cp.pushSnapshot(2, bad);
    const nack = await waitFor(() => cp.messages("nack").find((n) => n.version === 2), { what: "nack" });
    expect(nack.nonce).toBe(nonce);
    expect(nack.error).toMatch(/settings\/mtlsMode/);

    cp.pushSnapshot(3, samplePayload(4)); // payload version disagrees with the message
    expect((await waitFor(() => cp.messages("nack").find((n) => n.version === 3))).error).toMatch(
      /does not match/,
    );
    cp.pushSnapshot(5, "{not json");
    expect((await waitFor(() => cp.messages("nack").find((n) => n.version === 5))).error).toMatch(
      /not valid JSON/,
    );
    cp.pushSnapshot(6, sampleSnapshot(6), "trellis.config/v99");
    expect((await waitFor(() => cp.messages("nack").find((n) => n.version === 6))).error).toMatch(/schema/);

    expect(c.status().snapshot?.version).toBe(1);
    expect(c.status().lastNack?.version).toBe(6);
    expect(JSON.parse(await readFile(join(stateDir, stateFiles.snapshot), "utf8")).version).toBe(1);
  });

  it("reconnects after a control-plane restart; Hello carries the held version and nothing is resent", async () => {
    const { cp, args } = await setup();
    const c = h.connector(args);
    await c.start();
    await waitFor(() => c.status().state === "connected");
    cp.pushSnapshot(7, sampleSnapshot(7));
    await waitFor(() => cp.messages("ack").some((a) => a.version === 7));
    const pushesBefore = cp.pushes.length;

    await cp.restart();
    await waitFor(() => cp.hellos.length === 2 && c.status().state === "connected", { what: "reconnect" });
    expect(cp.hellos[1]!.appliedVersion).toBe(7);
    expect(cp.hellos[1]!.connectorVersion).toBe("9.9.9-test");
    expect(cp.pushes.length).toBe(pushesBefore);
    // Discovery is re-sent in full after every (re)connect.
    await waitFor(() => cp.received.some((r) => r.session === cp.sessions.at(-1)!.id && r.msg.discovery));
  });

  it("notices a silent control plane by the missing heartbeats and reconnects", async () => {
    const { cp, args } = await setup({ heartbeatIntervalMs: 150 });
    const c = h.connector(args);
    await c.start();
    await waitFor(() => c.status().state === "connected");
    const firstSession = cp.sessions[0]!;
    await waitFor(() => cp.messages("heartbeat").length >= 2, { what: "heartbeats flowing" });

    cp.pause(); // TCP and HTTP/2 pings still work: only the application heartbeat can tell
    await waitFor(() => !firstSession.open, {
      timeoutMs: 5_000,
      what: "connector to cancel the silent stream",
    });
    expect(
      c.logs.lines.some((l) =>
        /no message from the control plane/.test(String(l.fields && JSON.stringify(l.fields))),
      ),
    ).toBe(true);
    cp.resume();
    await waitFor(() => cp.live.some((s) => s.hello) && c.status().state === "connected", {
      what: "reconnect",
    });
    expect(c.status().tunnel!.connects).toBeGreaterThanOrEqual(2);
  });

  it("serves the last-known-good snapshot after a restart with the control plane down", async () => {
    const { cp, stateDir, args } = await setup();
    const c1 = h.connector(args);
    await c1.start();
    await waitFor(() => c1.status().state === "connected");
    cp.pushSnapshot(11, sampleSnapshot(11));
    await waitFor(() => cp.messages("ack").some((a) => a.version === 11));
    await c1.stop();
    await cp.stop();

    const c2 = h.connector({ ...args, stateDir, admin: true });
    await c2.start();
    expect(c2.status().snapshot).toMatchObject({ version: 11, source: "disk" });
    const ready = await fetch(`http://127.0.0.1:${c2.status().addresses.adminPort}/ready`);
    expect(ready.status).toBe(200);
    const proxy = new FakeProxy(c2.status().addresses.proxyPort!, { proxyId: "prx_b", service: "web" });
    h.defer(() => proxy.close());
    const got = await waitFor(() => proxy.of("config")[0], { what: "snapshot at proxy" });
    expect(got.version).toBe(11);
    expect(c2.status().state).not.toBe("connected");
  });

  it("a proxy that already holds the current version is not sent it again", async () => {
    const { cp, args } = await setup();
    const c = h.connector(args);
    await c.start();
    await waitFor(() => c.status().state === "connected");
    cp.pushSnapshot(4, sampleSnapshot(4));
    await waitFor(() => c.status().snapshot?.version === 4);
    const current = new FakeProxy(c.status().addresses.proxyPort!, { proxyId: "prx_c", appliedVersion: 4 });
    const behind = new FakeProxy(c.status().addresses.proxyPort!, { proxyId: "prx_d", appliedVersion: 3 });
    h.defer(() => current.close());
    h.defer(() => behind.close());
    await waitFor(() => behind.of("config").length === 1);
    await waitFor(() => c.status().proxies.length === 2);
    expect(current.of("config")).toHaveLength(0);
  });
});

describe("revocation", () => {
  for (const how of ["goodbye", "close"] as const) {
    it(`stops for good when the credential is revoked (${how === "goodbye" ? "Goodbye REVOKED" : "UNAUTHENTICATED on reconnect"})`, async () => {
      const { cp, args } = await setup();
      const c = h.connector(args);
      const fatal = new Promise<string>((resolve) => c.events.once("fatal", resolve));
      await c.start();
      await waitFor(() => c.status().state === "connected");
      cp.revoke(undefined, how);
      expect(await fatal).toMatch(/revoked/);
      expect(c.status().state).toBe("unauthenticated");
      expect(c.status().tunnel?.fatalError).toMatch(/revoked/);
      const sessions = cp.sessions.length;
      await loopEnds(c);
      expect(cp.sessions.length).toBe(sessions);
    });
  }
});

/** Waits for the connector's reconnect loop to end: it never does while it would retry. */
async function loopEnds(c: { tunnelFinished(): Promise<void> }): Promise<void> {
  let ended = false;
  void c.tunnelFinished().then(() => {
    ended = true;
  });
  await waitFor(() => ended, { what: "the reconnect loop to end (no retry after a refusal)" });
}
