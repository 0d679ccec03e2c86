import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  ask,
  makeNetwork,
  type NsProcess,
  namespacesUnavailable,
  runIn,
  waitForEvent,
} from "@trellis/proxy-capture/testing/netns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for.ts";

// Issue 20, transparent capture through the mesh, for real, in two network namespaces:
// the real trellis-proxy-init installs the pod's rules in "app"; the app, with no proxy
// settings, dials the service's ClusterIP; iptables hands the connection to trellis-proxy's
// outbound listener (running as the proxy uid), which reads SO_ORIGINAL_DST, finds the
// mesh service whose ClusterIP that is in its snapshot, and carries the bytes over mTLS to
// the service's trellis-proxy in "svc", the only way to reach the service.
const unavailable = namespacesUnavailable();
if (unavailable)
  console.warn(`\n*** SKIPPED transparent mesh capture in network namespaces: ${unavailable} ***\n`);

const repo = fileURLToPath(new URL("../..", import.meta.url));
const proxyUid = 2102;
const clusterIp = "10.96.0.10";

describe.skipIf(unavailable !== undefined)(
  "an app with no proxy settings calls a ClusterIP through the mesh",
  () => {
    let net: ReturnType<typeof makeNetwork>;
    let serviceSide: NsProcess;
    let appProxy: NsProcess;
    let stateDir: string;
    const node = (script: string, args: string[]) => [
      process.execPath,
      "--import",
      "tsx",
      join(repo, script),
      ...args,
    ];

    beforeAll(async () => {
      net = makeNetwork();
      // A ClusterIP is routed off the pod (kube-proxy translates it on the node): a route is enough here.
      execFileSync("ip", ["-n", net.app, "route", "add", "10.96.0.0/16", "via", net.svcAddress]);
      const init = runIn(net.app, [
        process.execPath,
        join(repo, "proxy/capture/bin/trellis-proxy-init.mjs"),
        `--proxy-uid=${proxyUid}`,
        "--outbound-port=4140",
        "--inbound-port=4143",
        "--skip-inbound-ports=4143,4191",
      ]);
      expect(await init.exited, init.stderr()).toBe(0);
      serviceSide = runIn(
        net.svc,
        node("test/kubernetes/programs/service-side.ts", [net.svcAddress, clusterIp]),
      );
      await waitForEvent(serviceSide, (e) => e.event === "ready", "the service side", 60_000);
      stateDir = mkdtempSync(join(tmpdir(), "trellis-netns-app-"));
      execFileSync("chown", [`${proxyUid}:${proxyUid}`, stateDir]);
      // The app's trellis-proxy — the bundled bin, outbound only, as its own uid like the injector runs it.
      appProxy = runIn(
        net.app,
        [
          process.execPath,
          join(repo, "proxy/sidecar/dist/trellis-proxy.mjs"),
          `--connector=${net.svcAddress}:4190`,
          "--namespace=shop",
          "--service-account=app",
          "--service=app",
          "--outbound=127.0.0.1:4140",
          "--capture=iptables",
          `--state-dir=${stateDir}`,
        ],
        { uid: proxyUid },
      );
      await waitForEvent(
        serviceSide,
        (e) => e.event === "signed" && e.identity === "spiffe://test.mesh.local/ns/shop/sa/app",
        "the app proxy's certificate",
        60_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\napp proxy stderr: ${appProxy.stderr()}`);
      });
    }, 120_000);

    afterAll(() => {
      appProxy?.child.kill("SIGKILL");
      serviceSide?.child.kill("SIGKILL");
      net?.remove();
      if (stateDir) rmSync(stateDir, { recursive: true, force: true });
    });

    it("reaches the service through both proxies", async () => {
      // The service listens on the svc pod's loopback only: its proxy delivered the bytes.
      // The proxy may still be taking its first snapshot: a refused or empty call is retried.
      const answer = await waitFor(() => ask(net.app, clusterIp, 9000), {
        timeoutMs: 30_000,
        intervalMs: 200,
        what: "an answer through both proxies",
      });
      expect(answer).toBe('db got "hello" from 127.0.0.1');
    });

    it("the hop between the pods is mTLS: the service's proxy gives plaintext nothing", async () => {
      // As the proxy uid the call is not captured: straight to the inbound port, no TLS.
      await expect(ask(net.app, net.svcAddress, 4143, { uid: proxyUid })).resolves.toBe("");
    });

    it("without the mesh there is no way there: the service port is not reachable directly", async () => {
      await expect(ask(net.app, net.svcAddress, 9000, { uid: proxyUid })).rejects.toThrow(/ECONNREFUSED/);
    });
  },
);
