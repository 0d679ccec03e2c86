import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { sampleSnapshot } from "../src/testing/sample-snapshot.ts";
import { FakeProxy } from "./fake-proxy.ts";
import { Harness } from "./harness.ts";

const h = new Harness();
afterEach(() => h.cleanup());

const td = "spiffe://demo.trellis.test";
const endpoint = (port: number, workload: string) => ({
  address: "127.0.0.1",
  port,
  identity: `${td}/ns/default/sa/api`,
  cluster: "clu_test",
  ready: true,
  workload,
});

describe("endpoint states: draining, not-ready and gone proxies leave every proxy's endpoint sets", () => {
  it("tells the other proxies at once, and takes an endpoint back when its proxy returns ready", async () => {
    const cp = await FakeControlPlane.start({ joinTokens: ["jt"] });
    h.defer(() => cp.stop());
    const file = join(await h.tempDir(), "services.json");
    await writeFile(file, '{"services": []}');
    const c = h.connector({
      controlPlane: cp.url,
      stateDir: await h.tempDir(),
      discovery: `file:${file}`,
      joinToken: "jt",
    });
    await c.start();
    await waitFor(() => c.status().state === "connected");
    const snapshot = sampleSnapshot(1, {
      services: [
        {
          name: "api",
          namespace: "default",
          hostnames: ["api"],
          ports: [{ port: 80, protocol: "http" }],
          endpoints: [endpoint(4143, "api-1"), endpoint(4144, "api-2")],
          loadBalancer: "p2c-ewma",
        },
      ],
    });
    cp.pushSnapshot(1, snapshot);
    await waitFor(() => c.status().snapshot?.version === 1);
    const port = c.status().addresses.proxyPort!;
    const proxy = (id: string, workload: string, service = "api") => {
      const p = new FakeProxy(port, {
        proxyId: id,
        service,
        namespace: "default",
        workload,
        identity: service === "api" ? `${td}/ns/default/sa/api` : "",
        proxyVersion: "1.0.0",
      });
      h.defer(() => p.close());
      return p;
    };
    const status = (p: FakeProxy, id: string, workload: string, health: string) =>
      p.send({
        status: {
          proxyId: id,
          service: "api",
          namespace: "default",
          workload,
          identity: `${td}/ns/default/sa/api`,
          health: health as "PROXY_HEALTH_READY",
        },
      });
    const web = proxy("prx_web", "web-1", "web");
    const api1 = proxy("prx_api1", "api-1");
    proxy("prx_api2", "api-2");
    const latest = () =>
      web
        .of("endpoints")
        .at(-1)
        ?.unavailable.map((e) => `${e.port} ${e.reason}`) ?? [];
    await waitFor(() => web.of("endpoints").length > 0, { what: "the first EndpointStates after hello" });
    expect(latest()).toEqual([]);

    status(api1, "prx_api1", "api-1", "PROXY_HEALTH_DRAINING");
    await waitFor(() => latest().join() === "4143 draining", { what: "api-1 draining" });
    api1.close(); // the process exits
    await waitFor(() => latest().join() === "4143 gone", { what: "api-1 gone" });

    const back = proxy("prx_api1", "api-1"); // the restarted proxy (same id from its state dir)
    status(back, "prx_api1", "api-1", "PROXY_HEALTH_NOT_READY");
    await waitFor(() => latest().join() === "4143 not-ready", { what: "api-1 back but not ready" });
    status(back, "prx_api1", "api-1", "PROXY_HEALTH_READY");
    await waitFor(() => latest().length === 0, { what: "api-1 in again" });
  });
});
