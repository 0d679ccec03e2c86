import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestControlPlane } from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { addCluster } from "./setup.ts";

// With TUNNEL_TLS_CERT_FILE/KEY the tunnel speaks TLS only.
let dir: string;
let cp: TestControlPlane;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "trellis-tunnel-tls-"));
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1"]
      .concat(["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
      .concat(["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")]),
    { stdio: "pipe" },
  );
  cp = await startTestControlPlane({
    env: { TUNNEL_TLS_CERT_FILE: join(dir, "cert.pem"), TUNNEL_TLS_KEY_FILE: join(dir, "key.pem") },
  });
  token = await addCluster((await signedUpClient(cp.url)).client, "tls", "east");
});
afterAll(async () => {
  await cp.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("tunnel TLS", () => {
  it("serves TLS and names an https tunnel URL", async () => {
    expect(cp.tunnelUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const conn = new SimConnector(
      cp.tunnelTarget,
      { joinToken: token },
      {},
      true,
      grpc.credentials.createSsl(readFileSync(join(dir, "cert.pem"))),
    );
    try {
      expect((await conn.welcome()).clusterName).toBe("east");
    } finally {
      conn.close();
    }
  });

  it("refuses a plaintext client", async () => {
    const conn = new SimConnector(cp.tunnelTarget, { joinToken: "trl_join_x" });
    const status = await conn.status;
    expect(status.code).toBe(grpc.status.UNAVAILABLE);
  });
});
