import { access, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import { stateFiles } from "../src/index.ts";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { sampleSnapshot } from "../src/testing/sample-snapshot.ts";
import { sampleSnapshotV2 } from "../src/testing/sample-snapshot-v2.ts";
import { FakeProxy } from "./fake-proxy.ts";
import { Harness } from "./harness.ts";

const v1 = "trellis.config/v1";
const v2 = "trellis.config/v2";
const h = new Harness();
afterEach(() => h.cleanup());

async function setup() {
  const cp = await FakeControlPlane.start({ joinTokens: ["jt"] });
  h.defer(() => cp.stop());
  const stateDir = await h.tempDir();
  const discoveryFile = join(await h.tempDir(), "services.yaml");
  await writeFile(discoveryFile, "services: []\n");
  const args = { controlPlane: cp.url, stateDir, discovery: `file:${discoveryFile}`, joinToken: "jt" };
  const connector = async () => {
    const c = h.connector(args);
    await c.start();
    return c;
  };
  const proxy = (port: number, proxyId: string, acceptedSchemas?: string[]) => {
    const p = new FakeProxy(port, { proxyId, service: "web", acceptedSchemas });
    h.defer(() => p.close());
    return p;
  };
  const readJson = async (file: string) => JSON.parse(await readFile(join(stateDir, file), "utf8"));
  return { cp, stateDir, connector, proxy, readJson };
}

const payloadOf = (p: FakeProxy) => JSON.parse(p.of("config").at(-1)!.payload.toString());

describe("snapshot v2 at the connector", () => {
  it("announces the schemas it reads, ACKs v2 with a v1 alternate, and keeps both on disk", async () => {
    const { cp, connector, proxy, readJson } = await setup();
    const c = await connector();
    await waitFor(() => c.status().state === "connected");
    expect(cp.hellos[0]!.acceptedSchemas).toEqual([v2, v1]);

    const nonce = cp.pushConfig(4, { [v2]: sampleSnapshotV2(4), [v1]: sampleSnapshot(4) });
    expect((await waitFor(() => cp.messages("ack").find((a) => a.version === 4))).nonce).toBe(nonce);
    expect(cp.pushes.at(-1)!.schema).toBe(v2);
    expect((await readJson(stateFiles.snapshotV2)).schema).toBe(v2);
    expect((await readJson(stateFiles.snapshot)).schema).toBe(v1);

    // Each proxy gets the first rendering it reads; one from before v2 declares none and gets v1.
    const port = c.status().addresses.proxyPort!;
    const current = proxy(port, "prx_new", [v2, v1]);
    const previous = proxy(port, "prx_old");
    await waitFor(() => current.of("config").length > 0 && previous.of("config").length > 0);
    expect(current.of("config")[0]).toMatchObject({ version: 4, schema: v2 });
    expect(payloadOf(current).virtualHosts[0].name).toBe("default/web");
    expect(previous.of("config")[0]).toMatchObject({ version: 4, schema: v1 });
    expect(payloadOf(previous).services[0].name).toBe("web");
  });

  it("keeps working with a v1-only control plane (the previous release)", async () => {
    const { cp, stateDir, connector, proxy, readJson } = await setup();
    const c = await connector();
    await waitFor(() => c.status().state === "connected");
    cp.pushConfig(2, { [v2]: sampleSnapshotV2(2), [v1]: sampleSnapshot(2) });
    await waitFor(() => cp.messages("ack").some((a) => a.version === 2));

    // A control plane of the previous release: schema v1, no alternates, whatever Hello says.
    cp.pushSnapshot(3, sampleSnapshot(3));
    await waitFor(() => cp.messages("ack").some((a) => a.version === 3));
    expect((await readJson(stateFiles.snapshot)).version).toBe(3);
    // The v2 file would be stale: it is gone, so a restart cannot serve version 2 as current.
    await expect(access(join(stateDir, stateFiles.snapshotV2))).rejects.toThrow(/ENOENT/);

    const port = c.status().addresses.proxyPort!;
    const reader = proxy(port, "prx_both", [v2, v1]);
    const v2Only = proxy(port, "prx_v2_only", [v2]);
    await waitFor(() => reader.of("config").length > 0);
    expect(reader.of("config")[0]).toMatchObject({ version: 3, schema: v1 });
    await waitFor(() => c.logs.lines.some((l) => l.msg.startsWith("no snapshot rendering this proxy reads")));
    expect(v2Only.of("config")).toEqual([]);
  });

  it("NACKs an invalid v2 snapshot with the reason and keeps the previous one", async () => {
    const { cp, connector, readJson } = await setup();
    const c = await connector();
    await waitFor(() => c.status().state === "connected");
    cp.pushConfig(1, { [v2]: sampleSnapshotV2(1), [v1]: sampleSnapshot(1) });
    await waitFor(() => cp.messages("ack").some((a) => a.version === 1));

    const dangling = sampleSnapshotV2(2, { clusters: [] });
    const nonce = cp.pushConfig(2, { [v2]: dangling, [v1]: sampleSnapshot(2) });
    const nack = await waitFor(() => cp.messages("nack").find((n) => n.version === 2));
    expect(nack).toMatchObject({ nonce, error: expect.stringContaining("no cluster default/web") });

    const badAlternate = { ...sampleSnapshot(3), settings: { mtlsMode: "sometimes" } };
    cp.pushConfig(3, { [v2]: sampleSnapshotV2(3), [v1]: badAlternate });
    const nack3 = await waitFor(() => cp.messages("nack").find((n) => n.version === 3));
    expect(nack3.error).toMatch(/^alternate trellis.config\/v1: .*settings\/mtlsMode/);

    expect(c.status().snapshot?.version).toBe(1);
    expect((await readJson(stateFiles.snapshotV2)).version).toBe(1);
  });

  it("serves both renderings from disk after a restart with the control plane down", async () => {
    const { cp, connector, proxy } = await setup();
    const first = await connector();
    await waitFor(() => first.status().state === "connected");
    cp.pushConfig(6, { [v2]: sampleSnapshotV2(6), [v1]: sampleSnapshot(6) });
    await waitFor(() => cp.messages("ack").some((a) => a.version === 6));
    await first.stop();
    await cp.stop();

    const second = await connector();
    expect(second.status().snapshot).toMatchObject({ version: 6, schemas: [v2, v1], source: "disk" });
    const port = second.status().addresses.proxyPort!;
    const current = proxy(port, "prx_new", [v2, v1]);
    const previous = proxy(port, "prx_old");
    await waitFor(() => current.of("config").length > 0 && previous.of("config").length > 0);
    expect(current.of("config")[0]).toMatchObject({ version: 6, schema: v2 });
    expect(previous.of("config")[0]).toMatchObject({ version: 6, schema: v1 });
  });
});
