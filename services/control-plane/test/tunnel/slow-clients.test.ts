import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestControlPlane } from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { waitFor } from "../wait-for.ts";
import { addCluster } from "./setup.ts";

// Issue 13 §7: a client that opens a connection and then stalls — half a TLS ClientHello,
// half an HTTP/2 preface, half a request head — is cut off after LISTENER_HANDSHAKE_TIMEOUT_MS
// instead of holding a socket (and its memory) forever.
const timeoutMs = 1000;
let dir: string;
let plain: TestControlPlane;
let tls: TestControlPlane;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trellis-slow-clients-"));
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1"].concat([
      "-subj",
      "/CN=localhost",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "cert.pem"),
    ]),
    { stdio: "pipe" },
  );
  const env = { LISTENER_HANDSHAKE_TIMEOUT_MS: String(timeoutMs) };
  plain = await startTestControlPlane({ env });
  tls = await startTestControlPlane({
    env: { ...env, TUNNEL_TLS_CERT_FILE: join(dir, "cert.pem"), TUNNEL_TLS_KEY_FILE: join(dir, "key.pem") },
  });
});
afterAll(async () => {
  await plain?.stop();
  await tls?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a connection, sends `bytes`, then stalls; resolves with how it ended. */
function stall(
  target: string,
  bytes: Buffer,
): { socket: Socket; closed: () => boolean; received: () => string } {
  const url = new URL(`tcp://${target}`);
  const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
  let closed = false;
  let received = "";
  socket.on("data", (d) => (received += d.toString("latin1")));
  socket.on("error", () => {});
  socket.on("close", () => (closed = true));
  return { socket, closed: () => closed, received: () => received };
}

// The first bytes of a TLS 1.2 ClientHello record, cut short.
const halfClientHello = Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]);
const closesWithin = { timeoutMs: 15_000, what: "the server to close the stalled connection" };

describe("stalled clients", () => {
  it("the TLS tunnel closes a connection whose handshake never finishes", async () => {
    const c = stall(tls.tunnelTarget, halfClientHello);
    await waitFor(c.closed, closesWithin);
  });

  it("the plaintext tunnel closes a connection that never finishes its HTTP/2 preface", async () => {
    const c = stall(plain.tunnelTarget, Buffer.from("PRI * HTTP/2.0\r\n"));
    await waitFor(c.closed, closesWithin);
  });

  it("the API closes a connection whose request head never finishes, with a 408", async () => {
    const c = stall(new URL(plain.url).host, Buffer.from("GET /v1/meshes HTTP/1.1\r\nHost: x\r\n"));
    await waitFor(c.closed, closesWithin);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it("a connection that made its call is not cut, however long it lives", async () => {
    const owner = (await signedUpClient(plain.url)).client;
    const sim = new SimConnector(plain.tunnelTarget, { joinToken: await addCluster(owner, "slow", "east") });
    try {
      await sim.welcome();
      // Outlive the deadline: a stalled connection opened now is cut first.
      const c = stall(plain.tunnelTarget, Buffer.from("PRI * HTTP/2.0\r\n"));
      await waitFor(c.closed, closesWithin);
      await sim.roundTrip();
      expect(sim.ended).toBeNull();
    } finally {
      sim.close();
    }
    expect((await fetch(`${plain.url}/healthz`)).status).toBe(200);
  });
});
