import { spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import { CertAgent } from "../src/cert-agent/agent.ts";
import type { CertAgentConfig } from "../src/cert-agent/config.ts";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { sampleSnapshotV2 } from "../src/testing/sample-snapshot-v2.ts";
import { TestCa } from "../src/testing/test-ca.ts";
import { Harness, memoryLogger } from "./harness.ts";

const h = new Harness();
afterEach(() => h.cleanup());
const identity = "spiffe://demo.trellis.test/ns/default/sa/catalog";

async function setup(opts: { refuseFirst?: boolean } = {}) {
  const ca = await TestCa.create("demo.trellis.test");
  let refuse = opts.refuseFirst ?? false;
  const sign = ca.signer();
  const signer: typeof sign = async (req) => {
    if (!refuse) return sign(req);
    refuse = false;
    return {
      requestId: req.requestId,
      error: { code: "forbidden", message: "not a discovered endpoint yet" },
    };
  };
  const cp = await FakeControlPlane.start({ joinTokens: ["jt"], signer });
  h.defer(() => cp.stop());
  const file = join(await h.tempDir(), "services.yaml");
  await writeFile(file, "services: []\n");
  const c = h.connector({
    controlPlane: cp.url,
    stateDir: await h.tempDir(),
    discovery: `file:${file}`,
    joinToken: "jt",
  });
  await c.start();
  await waitFor(() => c.status().state === "connected");
  const dir = await h.tempDir();
  const agent = (over: Partial<CertAgentConfig> = {}) => {
    const a = new CertAgent(
      {
        connector: `127.0.0.1:${c.status().addresses.proxyPort}`,
        identity,
        dir,
        nodeId: "catalog-1",
        service: "catalog",
        namespace: "default",
        kind: "grpc-proxyless",
        renewAtFraction: 0.5,
        logLevel: "info",
        ...over,
      },
      memoryLogger(),
    );
    h.defer(() => a.stop());
    return a;
  };
  const leaf = async () => new X509Certificate(await readFile(join(dir, "cert.pem")));
  return { ca, cp, c, dir, agent, leaf };
}

describe("cert agent", () => {
  it("makes its key, gets the certificate signed through the connector, and writes the files", async () => {
    const { ca, cp, c, dir, agent, leaf } = await setup();
    const a = agent();
    await a.start();
    await waitFor(() => a.current, { what: "a certificate" });
    expect((await leaf()).subjectAltName).toBe(`URI:${identity}`);
    expect((await stat(join(dir, "key.pem"))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dir, "ca.pem"), "utf8")).toBe(ca.rootPem);
    expect(cp.messages("signRequest")[0]).toMatchObject({ identity, proxyId: "catalog-1" });
    // Its row, under the workload's node id, carries the expiry (before the xDS client dials).
    const row = await waitFor(() =>
      c.status().proxies.find((p) => p.proxyId === "catalog-1" && p.certNotAfter),
    );
    expect(row).toMatchObject({ kind: "PROXY_KIND_GRPC_PROXYLESS", identity, service: "catalog" });
  });

  it("renews on RotateCertificates and rewrites the roots a snapshot brings", async () => {
    const { ca, cp, dir, agent, leaf } = await setup();
    const a = agent();
    await a.start();
    await waitFor(() => a.current);
    const first = (await leaf()).serialNumber;
    cp.sendCommand({ commandId: "rot-1", rotateCertificates: {} });
    await waitFor(async () => (await leaf()).serialNumber !== first, { what: "a new certificate" });
    const result = await waitFor(() => cp.messages("commandResult").find((r) => r.commandId === "rot-1"));
    expect(result.ok).toBe(true);

    const next = await TestCa.create("demo.trellis.test");
    cp.pushConfig(3, {
      "trellis.config/v2": sampleSnapshotV2(3, { trustBundle: [ca.rootPem, next.rootPem] }),
    });
    await waitFor(async () => (await readFile(join(dir, "ca.pem"), "utf8")).includes(next.rootPem), {
      what: "both roots",
    });
  });

  it("`trellis-connector cert-agent` outlives a refused signing: it logs it and retries", async () => {
    const { c, dir } = await setup({ refuseFirst: true });
    const child = spawn(
      process.execPath,
      [
        fileURLToPath(new URL("../bin/trellis-connector.mjs", import.meta.url)),
        ...["cert-agent", "--connector", `127.0.0.1:${c.status().addresses.proxyPort}`],
        ...["--identity", identity, "--dir", dir, "--node-id", "catalog-1", "--service", "catalog"],
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    h.defer(() => void child.kill("SIGKILL"));
    let output = "";
    for (const s of [child.stdout!, child.stderr!]) s.on("data", (d) => (output += d));
    await waitFor(() => output.includes("signing failed: forbidden"), { what: "the refusal in the log" });
    await waitFor(() => stat(join(dir, "cert.pem")).then(() => true), {
      what: "the certificate after the retry",
      timeoutMs: 20_000,
    });
    expect(child.exitCode, output).toBeNull();
  });

  it("a restarted agent keeps the certificate on disk instead of asking again", async () => {
    const { cp, agent } = await setup();
    const a = agent();
    await a.start();
    await waitFor(() => a.current);
    a.stop();
    const b = agent();
    await b.start();
    expect(b.current?.notAfterMs).toBe(a.current?.notAfterMs);
    expect(cp.messages("signRequest")).toHaveLength(1);
  });
});
