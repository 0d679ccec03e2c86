import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { Harness } from "./harness.ts";

const h = new Harness();
afterEach(() => h.cleanup());

/** A self-signed P-256 certificate for 127.0.0.1, made with the openssl CLI. */
async function selfSigned(dir: string): Promise<{ certPath: string; certPem: Buffer; keyPem: Buffer }> {
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      keyPath,
      "-out",
      certPath,
      "-days",
      "1",
      "-subj",
      "/CN=trellis-test",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ],
    { stdio: "ignore" },
  );
  return { certPath, certPem: await readFile(certPath), keyPem: await readFile(keyPath) };
}

describe("TLS to the control plane", () => {
  it("connects over https:// trusting --ca-file, and keeps retrying (not fatal) without it", async () => {
    const dir = await h.tempDir();
    const { certPath, certPem, keyPem } = await selfSigned(dir);
    const cp = await FakeControlPlane.start({ joinTokens: ["jt"], tls: { certPem, keyPem } });
    h.defer(() => cp.stop());
    expect(cp.url).toMatch(/^https:/);
    const file = join(dir, "services.yaml");
    await writeFile(file, "services: []\n");

    const untrusting = h.connector({
      controlPlane: cp.url,
      stateDir: join(dir, "s1"),
      discovery: `file:${file}`,
      joinToken: "jt",
    });
    await untrusting.start();
    await waitFor(() => untrusting.status().tunnel?.lastError?.match(/UNAVAILABLE/), { what: "TLS failure" });
    expect(untrusting.status().state).not.toBe("unauthenticated");
    expect(cp.sessions).toHaveLength(0);
    await untrusting.stop();

    const c = h.connector({
      controlPlane: cp.url,
      stateDir: join(dir, "s2"),
      discovery: `file:${file}`,
      joinToken: "jt",
      extra: ["--ca-file", certPath],
    });
    await c.start();
    await waitFor(() => c.status().state === "connected", { what: "TLS connect" });
  });
});
