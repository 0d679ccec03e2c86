import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import { FakeConnector, TestCa } from "../src/testing/fake-connector.ts";
import { Scope, snapshot, startEchoApp, startProxy, tempDir, trustDomain } from "./harness.ts";
import { httpRequest } from "./http-client.ts";

const bin = fileURLToPath(new URL("../bin/trellis-proxy.mjs", import.meta.url));

describe("trellis-proxy as a process", () => {
  const scope = new Scope();
  afterEach(() => scope.cleanup());

  it("drains on SIGTERM: refuses new connections, finishes the request in flight, exits 0", async () => {
    const ca = await TestCa.create(trustDomain);
    const connector = await FakeConnector.start({ ca });
    scope.add(() => connector.stop());
    let slowArrived = false;
    const app = await startEchoApp(scope, "api", (req, res) => {
      if (req.url !== "/slow") return false;
      slowArrived = true;
      setTimeout(() => res.end("finished late"), 1500);
      return true;
    });
    const server = await startProxy(scope, { connector: connector.address, service: "api", sa: "api", app });
    const child: ChildProcess = spawn(
      process.execPath,
      [
        bin,
        "--connector",
        connector.address,
        "--service",
        "web",
        "--service-account",
        "web",
        "--outbound",
        "127.0.0.1:0",
        "--admin",
        "127.0.0.1:0",
        "--state-dir",
        await tempDir(scope),
        "--drain-timeout-ms",
        "10000",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    scope.add(() => {
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    const started = await waitFor(() => /^\{.*"msg":"trellis-proxy serving".*$/m.exec(stderr)?.[0], {
      timeoutMs: 20_000,
    });
    const { outbound, admin } = JSON.parse(started) as { outbound: string; admin: string };
    const outboundPort = Number(outbound.split(":")[1]);
    connector.push(
      snapshot({
        version: 1,
        trustBundle: [ca.rootPem],
        services: [{ name: "api", endpoints: [{ port: server.inboundPort, sa: "api" }] }],
      }),
    );
    await waitFor(async () => (await fetch(`http://${admin}/ready`)).status === 200, { timeoutMs: 20_000 });

    const slow = httpRequest(outboundPort, { host: "api", path: "/slow" });
    await waitFor(() => slowArrived);
    child.kill("SIGTERM");
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const s = connect(outboundPort, "127.0.0.1");
          s.once("connect", () => {
            s.destroy();
            resolve(false);
          });
          s.once("error", () => resolve(true));
        }),
      { what: "the outbound listener to close" },
    );
    const reply = await slow;
    expect(reply.status).toBe(200);
    expect(reply.body).toBe("finished late");
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/"msg":"drained"/);
  });
});
