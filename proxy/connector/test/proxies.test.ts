import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { timestampFromMs } from "@trellis/protocol/tunnel";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import { FakeControlPlane, type FakeControlPlaneOptions } from "../src/testing/fake-control-plane.ts";
import { FakeProxy } from "./fake-proxy.ts";
import { Harness } from "./harness.ts";

const h = new Harness();
afterEach(() => h.cleanup());

async function connected(opts: Pick<FakeControlPlaneOptions, "signer"> = {}) {
  const cp = await FakeControlPlane.start({ joinTokens: ["jt"], ...opts });
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
  const proxy = (id: string, service = "web", namespace = "default") => {
    const p = new FakeProxy(c.status().addresses.proxyPort!, {
      proxyId: id,
      service,
      namespace,
      identity: `spiffe://demo.trellis.test/ns/${namespace}/sa/${service}`,
      proxyVersion: "1.0.0",
    });
    h.defer(() => p.close());
    return p;
  };
  return { cp, c, proxy };
}

describe("CSR relay", () => {
  it("relays a SignRequest up and routes the answer back by request id", async () => {
    const { cp, proxy } = await connected();
    const a = proxy("prx_a");
    const b = proxy("prx_b", "api");
    // Both proxies use the same request id: the connector must not mix the answers up.
    a.send({
      signRequest: {
        requestId: "1",
        csrPem: "CSR A",
        identity: "spiffe://demo.trellis.test/ns/default/sa/web",
      },
    });
    b.send({
      signRequest: {
        requestId: "1",
        csrPem: "CSR B",
        identity: "spiffe://demo.trellis.test/ns/default/sa/api",
      },
    });
    const ra = await waitFor(() => a.of("signResponse")[0], { what: "answer at a" });
    const rb = await waitFor(() => b.of("signResponse")[0], { what: "answer at b" });
    expect(ra.requestId).toBe("1");
    expect(ra.certificate?.certChainPem).toEqual([
      "FAKE CERT for spiffe://demo.trellis.test/ns/default/sa/web",
    ]);
    expect(rb.certificate?.certChainPem).toEqual([
      "FAKE CERT for spiffe://demo.trellis.test/ns/default/sa/api",
    ]);
    const up = cp.messages("signRequest");
    expect(up.map((r) => r.proxyId).sort()).toEqual(["prx_a", "prx_b"]);
    expect(new Set(up.map((r) => r.requestId)).size).toBe(2);
  });

  it("answers unavailable at once when the tunnel is down", async () => {
    const { cp, c, proxy } = await connected();
    await cp.stop();
    await waitFor(() => c.status().state !== "connected");
    const a = proxy("prx_a");
    a.send({ signRequest: { requestId: "r9", csrPem: "CSR", identity: "x" } });
    const r = await waitFor(() => a.of("signResponse")[0], { timeoutMs: 2_000 });
    expect(r.requestId).toBe("r9");
    expect(r.error?.code).toBe("unavailable");
  });

  it("passes a signing error from the control plane through", async () => {
    const { proxy } = await connected({
      signer: (req: { requestId: string }) => ({
        requestId: req.requestId,
        error: { code: "forbidden", message: "identity not in this cluster" },
      }),
    });
    const a = proxy("prx_a");
    a.send({ signRequest: { requestId: "r1", csrPem: "CSR", identity: "spiffe://other/ns/x/sa/y" } });
    const r = await waitFor(() => a.of("signResponse")[0]);
    expect(r.error).toMatchObject({ code: "forbidden", message: "identity not in this cluster" });
  });
});

describe("proxy reports", () => {
  it("reports every attached proxy with its latest status and the versions it ACKed or NACKed", async () => {
    const { cp, proxy } = await connected();
    const a = proxy("prx_a");
    const b = proxy("prx_b", "api");
    const notAfter = timestampFromMs(Date.now() + 3_600_000);
    a.send({
      status: {
        proxyId: "prx_a",
        health: "PROXY_HEALTH_READY",
        appliedConfigVersion: 2,
        certNotAfter: notAfter,
      },
    });
    b.send({ nack: { version: 3, nonce: "n", error: "route refers to unknown service" } });
    const report = await waitFor(
      () =>
        cp
          .messages("proxyReport")
          .find(
            (r) =>
              r.proxies.length === 2 &&
              r.proxies.some((p) => p.health === "PROXY_HEALTH_READY") &&
              r.proxies.some((p) => p.lastNack),
          ),
      { what: "aggregated report" },
    );
    const pa = report.proxies.find((p) => p.proxyId === "prx_a")!;
    const pb = report.proxies.find((p) => p.proxyId === "prx_b")!;
    expect(pa).toMatchObject({ service: "web", appliedConfigVersion: 2, proxyVersion: "1.0.0" });
    expect(Number(pa.certNotAfter?.seconds)).toBe(notAfter.seconds);
    expect(pb).toMatchObject({ service: "api", health: "PROXY_HEALTH_NOT_READY" });
    expect(pb.lastNack).toMatchObject({ version: 3, error: "route refers to unknown service" });

    b.send({ ack: { version: 3, nonce: "n" } });
    await waitFor(() =>
      cp
        .messages("proxyReport")
        .at(-1)
        ?.proxies.some((p) => p.proxyId === "prx_b" && p.appliedConfigVersion === 3 && !p.lastNack),
    );

    a.close();
    await waitFor(
      () => {
        const last = cp.messages("proxyReport").at(-1);
        return last?.proxies.length === 1 && last.proxies[0]!.proxyId === "prx_b";
      },
      { what: "report without the detached proxy" },
    );
  });

  it("a proxy that reconnects replaces its old stream (listed once)", async () => {
    const { c, proxy } = await connected();
    const first = proxy("prx_same");
    await waitFor(() => c.status().proxies.length === 1);
    proxy("prx_same");
    await waitFor(() => first.ended, { what: "old stream ended" });
    expect(c.status().proxies).toHaveLength(1);
  });

  it("merges metric edges from proxies into one batch per window, summing histograms", async () => {
    const { cp, proxy } = await connected();
    const a = proxy("prx_a");
    const b = proxy("prx_b");
    const edge = {
      sourceService: "web",
      sourceNamespace: "default",
      destinationService: "api",
      destinationNamespace: "default",
    };
    a.send({
      metrics: {
        edges: [{ ...edge, requests: 10, successes: 9, latencyBuckets: [5, 4, 1], denied: { authz: 1 } }],
      },
    });
    b.send({
      metrics: { edges: [{ ...edge, requests: 5, successes: 5, latencyBuckets: [1, 1, 2, 1], retries: 2 }] },
    });
    b.send({
      metrics: {
        edges: [{ ...edge, destinationService: "db", requests: 1, successes: 0, latencyBuckets: [0, 1] }],
      },
    });
    // Sends may straddle a window boundary: sum across batches here (edge-merge.test.ts
    // pins the merge itself), but no batch may carry one edge twice.
    const sum = () => {
      const all = cp.messages("metricBatch").flatMap((m) => m.edges);
      return all.filter((e) => e.destinationService === "api").reduce((n, e) => n + e.requests, 0);
    };
    await waitFor(
      () =>
        sum() === 15 &&
        cp.messages("metricBatch").some((m) => m.edges.some((e) => e.destinationService === "db")),
      { what: "batches" },
    );
    for (const m of cp.messages("metricBatch")) {
      const keys = m.edges.map((e) => e.destinationService);
      expect(new Set(keys).size).toBe(keys.length);
      expect(Number(m.window?.seconds) * 1000 + Number(m.window?.nanos) / 1e6).toBeGreaterThan(0);
    }
    const api = cp
      .messages("metricBatch")
      .flatMap((m) => m.edges)
      .filter((e) => e.destinationService === "api");
    const merged = api.reduce(
      (acc, e) => ({
        successes: acc.successes + e.successes,
        retries: acc.retries + e.retries,
        buckets: [0, 1, 2, 3].map((i) => (acc.buckets[i] ?? 0) + (e.latencyBuckets[i] ?? 0)),
      }),
      { successes: 0, retries: 0, buckets: [] as number[] },
    );
    expect(merged).toEqual({ successes: 14, retries: 2, buckets: [6, 5, 3, 1] });
  });
});

describe("commands", () => {
  it("forwards a tap to the proxies of the service, relays its events, and stops at max events", async () => {
    const { cp, proxy } = await connected();
    const web1 = proxy("prx_w1", "web");
    const web2 = proxy("prx_w2", "web");
    const api = proxy("prx_api", "api");
    await waitFor(() => cp.messages("proxyReport").some((r) => r.proxies.length === 3));
    cp.sendCommand({
      commandId: "cmd1",
      startTap: { tapId: "tap1", service: "web", namespace: "default", maxEvents: 2 },
    });
    await waitFor(() => web1.of("command").length && web2.of("command").length, {
      what: "tap at web proxies",
    });
    expect(web1.of("command")[0]!.startTap?.tapId).toBe("tap1");
    expect(
      await waitFor(() => cp.messages("commandResult").find((r) => r.commandId === "cmd1")),
    ).toMatchObject({ ok: true });

    web1.send({ tapEvent: { tapId: "tap1", method: "GET", path: "/a", status: 200 } });
    web2.send({ tapEvent: { tapId: "tap1", method: "GET", path: "/b", status: 500 } });
    api.send({ tapEvent: { tapId: "tap1", method: "GET", path: "/nope" } }); // not a target: dropped
    await waitFor(() => cp.messages("tapEvent").length === 2);
    // Max events reached: proxies are told to stop, and later events are not relayed.
    await waitFor(() => web1.of("command").some((c) => c.stopTap?.tapId === "tap1"), {
      what: "stop at proxy",
    });
    web1.send({ tapEvent: { tapId: "tap1", method: "GET", path: "/late" } });
    cp.sendCommand({ commandId: "cmd2", stopTap: { tapId: "nope" } });
    await waitFor(() => cp.messages("commandResult").some((r) => r.commandId === "cmd2"));
    expect(
      cp
        .messages("tapEvent")
        .map((e) => [e.proxyId, e.path])
        .sort(),
    ).toEqual([
      ["prx_w1", "/a"],
      ["prx_w2", "/b"],
    ]);
    expect(api.of("command")).toHaveLength(0);
  });

  it("a tap on a service with no attached proxy fails with a reason", async () => {
    const { cp } = await connected();
    cp.sendCommand({ commandId: "c", startTap: { tapId: "t", service: "ghost" } });
    const r = await waitFor(() => cp.messages("commandResult")[0]);
    expect(r).toMatchObject({ commandId: "c", ok: false });
    expect(r.error).toMatch(/no proxy/);
  });

  it("drain goes to one proxy and its result comes back; rotate waits for every proxy", async () => {
    const { cp, proxy } = await connected();
    const a = proxy("prx_a");
    const b = proxy("prx_b");
    await waitFor(() => cp.messages("proxyReport").some((r) => r.proxies.length === 2));
    cp.sendCommand({ commandId: "d1", drainProxy: { proxyId: "prx_b" } });
    const drain = await waitFor(() => b.of("command").find((c) => c.drainProxy));
    expect(a.of("command")).toHaveLength(0);
    b.send({ commandResult: { commandId: drain.commandId, ok: true } });
    expect(await waitFor(() => cp.messages("commandResult").find((r) => r.commandId === "d1"))).toMatchObject(
      { ok: true },
    );

    cp.sendCommand({ commandId: "r1", rotateCertificates: {} });
    await waitFor(
      () =>
        a.of("command").some((c) => c.rotateCertificates) &&
        b.of("command").some((c) => c.rotateCertificates),
    );
    a.send({ commandResult: { commandId: "r1", ok: true } });
    b.send({ commandResult: { commandId: "r1", ok: false, error: "CA unreachable" } });
    // One answer for both proxies: had a's answer gone up alone, it would be the first (ok).
    const rot = await waitFor(() => cp.messages("commandResult").find((r) => r.commandId === "r1"));
    expect(rot.ok).toBe(false);
    expect(rot.error).toBe("prx_b: CA unreachable");

    cp.sendCommand({ commandId: "d2", drainProxy: { proxyId: "prx_missing" } });
    expect(
      (await waitFor(() => cp.messages("commandResult").find((r) => r.commandId === "d2"))).error,
    ).toMatch(/not attached/);
  });
});
