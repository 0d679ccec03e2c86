import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { Harness } from "./harness.ts";

const bin = fileURLToPath(new URL("../bin/trellis-connector.mjs", import.meta.url));
const h = new Harness();
afterEach(() => h.cleanup());

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, err })));
}

describe("trellis-connector workload subcommands", () => {
  it("xds-bootstrap writes a proxyless gRPC bootstrap file", async () => {
    const out = join(await h.tempDir(), "bootstrap.json");
    const r = await run(
      [
        "xds-bootstrap",
        "--node-id",
        "catalog-1",
        "--out",
        out,
        "--service",
        "catalog",
        "--cert-dir",
        "/certs",
      ],
      { TRELLIS_XDS_SERVER: "10.1.2.3:4192" },
    );
    expect(r).toMatchObject({ code: 0, err: "" });
    const b = JSON.parse(await readFile(out, "utf8"));
    expect(b.xds_servers[0].server_uri).toBe("10.1.2.3:4192");
    expect(b.node).toMatchObject({
      id: "catalog-1",
      metadata: { trellis: { kind: "grpc-proxyless", service: "catalog", certDir: "/certs" } },
    });
  });

  it("envoy-bootstrap prints a checked Envoy bootstrap", async () => {
    const r = await run([
      "envoy-bootstrap",
      "--service",
      "web",
      "--namespace",
      "shop",
      "--admin-port",
      "15000",
      "--node-id",
      "web-1",
    ]);
    expect(r.code).toBe(0);
    const b = JSON.parse(r.out);
    expect(b.admin.address.socket_address).toEqual({ address: "127.0.0.1", port_value: 15000 });
    expect(b.node).toMatchObject({ id: "web-1", cluster: "shop/web" });
  });

  it("bad flags exit 2 with the flag named; an unknown command too", async () => {
    expect(await run(["envoy-bootstrap", "--namespace", "shop"])).toMatchObject({
      code: 2,
      err: "trellis-connector envoy-bootstrap: --service is required\n",
    });
    expect(await run(["envoy-bootstrap", "--service", "web", "--admin-port", "http"])).toMatchObject({
      code: 2,
    });
    expect(
      (await run(["cert-agent", "--connector", "x:1", "--dir", "/tmp/x", "--identity", "web"])).err,
    ).toMatch(/--identity must be a SPIFFE id/);
    expect(await run(["xds-bootstrp"])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/unknown command xds-bootstrp/),
    });
  }, 90_000);
});
