import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, describe, expect, it } from "vitest";
import {
  type AdsNode,
  DeltaAdsClient,
  decodeResources,
  resourceNamesOf,
  SotwAdsClient,
  typeUrls,
} from "../src/testing/ads-client.ts";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { sampleSnapshot } from "../src/testing/sample-snapshot.ts";
import { sampleSnapshotV2, v2Cluster, v2Endpoint } from "../src/testing/sample-snapshot-v2.ts";
import { Harness } from "./harness.ts";

const v1 = "trellis.config/v1";
const v2 = "trellis.config/v2";
const h = new Harness();
afterEach(() => h.cleanup());

const envoyNode = (id: string): AdsNode => ({
  id,
  user_agent_name: "envoy",
  user_agent_version: "1.31.0",
  metadata: { trellis: { service: "web", namespace: "default", outboundPort: 4140 } },
});

async function setup() {
  const cp = await FakeControlPlane.start({ joinTokens: ["jt"] });
  h.defer(() => cp.stop());
  const stateDir = await h.tempDir();
  const file = join(await h.tempDir(), "services.yaml");
  await writeFile(file, "services: []\n");
  const start = async () => {
    const c = h.connector(
      {
        controlPlane: cp.url,
        stateDir,
        discovery: `file:${file}`,
        joinToken: "jt",
        extra: ["--xds", "127.0.0.1:0"],
      },
      { tuning: { reportDebounceMs: 10 } },
    );
    await c.start();
    return c;
  };
  const c = await start();
  await waitFor(() => c.status().state === "connected");
  const address = () => `127.0.0.1:${c.status().addresses.xdsPort}`;
  const sotw = (node: AdsNode, at = address()) => {
    const s = new SotwAdsClient(at, node);
    h.defer(() => s.close());
    return s;
  };
  const delta = (node: AdsNode, at = address()) => {
    const s = new DeltaAdsClient(at, node);
    h.defer(() => s.close());
    return s;
  };
  /** The row the control plane last received for a node id. */
  const reported = (id: string) =>
    cp
      .messages("proxyReport")
      .at(-1)
      ?.proxies.find((p) => p.proxyId === id);
  return { cp, c, start, sotw, delta, reported };
}

const twoClusters = (version: number) =>
  sampleSnapshotV2(version, {
    clusters: [
      v2Cluster("web", [v2Endpoint("127.0.0.1", 4143, "web")]),
      v2Cluster("api", [v2Endpoint("127.0.0.2", 4143, "api")]),
    ],
  });

describe("xDS server, state of the world", () => {
  it("serves wildcard LDS/CDS and named EDS/RDS; ACKs become the node's receipt in the report", async () => {
    const { cp, sotw, reported } = await setup();
    cp.pushConfig(3, { [v2]: twoClusters(3), [v1]: sampleSnapshot(3) });
    const s = sotw(envoyNode("envoy-web-1"));
    s.send({ type_url: typeUrls.cluster });
    const cds = await s.next((r) => r.type_url === typeUrls.cluster);
    expect(cds.version_info).toBe("3");
    expect(resourceNamesOf(cds)).toEqual(["default/web", "default/api"]);
    s.ack(cds);
    s.send({ type_url: typeUrls.endpoint, resource_names: ["default/api"] });
    const eds = await s.next((r) => r.type_url === typeUrls.endpoint);
    expect(decodeResources(eds)).toMatchObject([{ cluster_name: "default/api" }]);
    s.ack(eds, ["default/api"]);
    s.send({ type_url: typeUrls.listener });
    const lds = await s.next((r) => r.type_url === typeUrls.listener);
    expect(resourceNamesOf(lds)).toEqual(["trellis/outbound"]);
    s.ack(lds);

    const row = await waitFor(() =>
      reported("envoy-web-1")?.appliedConfigVersion === 3 ? reported("envoy-web-1") : null,
    );
    expect(row).toMatchObject({
      kind: "PROXY_KIND_ENVOY",
      userAgent: "envoy",
      proxyVersion: "1.31.0",
      service: "web",
      namespace: "default",
      health: "PROXY_HEALTH_READY",
      lastNack: null,
    });

    // A new snapshot reaches every subscribed type, in make-before-break order (clusters first).
    const before = s.responses.length;
    cp.pushConfig(4, { [v2]: twoClusters(4), [v1]: sampleSnapshot(4) });
    await waitFor(() => s.responses.length >= before + 3);
    expect(s.responses.slice(before).map((r) => [r.type_url, r.version_info])).toEqual([
      [typeUrls.cluster, "4"],
      [typeUrls.endpoint, "4"],
      [typeUrls.listener, "4"],
    ]);
  });

  it("records a NACK (version, nonce, error) as the node's last NACK and does not resend it", async () => {
    const { cp, sotw, reported } = await setup();
    cp.pushConfig(5, { [v2]: twoClusters(5) });
    const s = sotw(envoyNode("envoy-web-2"));
    s.send({ type_url: typeUrls.cluster });
    const cds = await s.next();
    s.nack(cds, "cluster default/api: unknown lb policy");
    const row = await waitFor(() => reported("envoy-web-2")?.lastNack);
    expect(row).toEqual({
      version: 5,
      nonce: cds.nonce,
      error: "envoy.config.cluster.v3.Cluster: cluster default/api: unknown lb policy",
    });
    expect(reported("envoy-web-2")?.appliedConfigVersion).toBe(0);
    expect(s.responses).toHaveLength(1); // the refused version is not sent again

    // The next snapshot is sent; its ACK clears the NACK.
    cp.pushConfig(6, { [v2]: twoClusters(6) });
    const next = await s.next((r) => r.version_info === "6");
    s.ack(next);
    await waitFor(() => reported("envoy-web-2")?.appliedConfigVersion === 6);
    expect(reported("envoy-web-2")?.lastNack).toBeNull();
  });

  it("ignores a stale nonce, and refuses a stream whose node metadata is unusable", async () => {
    const { cp, c, sotw } = await setup();
    cp.pushConfig(1, { [v2]: twoClusters(1) });
    const s = sotw(envoyNode("envoy-web-3"));
    s.send({ type_url: typeUrls.cluster });
    const first = await s.next();
    cp.pushConfig(2, { [v2]: twoClusters(2) });
    await s.next((r) => r.version_info === "2");
    s.nack(first, "late answer to an old response");
    s.ack(s.responses.at(-1)!);
    await waitFor(
      () => c.status().proxies.find((p) => p.proxyId === "envoy-web-3")?.appliedConfigVersion === 2,
    );
    expect(c.status().proxies.find((p) => p.proxyId === "envoy-web-3")?.lastNack).toBeNull();

    const bad = sotw({ id: "bad", metadata: { trellis: { outboundPort: "many" } } });
    bad.send({ type_url: typeUrls.cluster });
    await expect(bad.next()).rejects.toThrow(/3 node metadata trellis.outboundPort/);
  });

  it("serves nothing while only v1 is held (a control plane of the previous release), then v2 when it comes", async () => {
    const { cp, c, sotw } = await setup();
    cp.pushSnapshot(2, sampleSnapshot(2));
    await waitFor(() => c.status().snapshot?.version === 2);
    expect(c.status().xds).toMatchObject({ snapshotVersion: null });
    const s = sotw(envoyNode("envoy-web-4"));
    s.send({ type_url: typeUrls.cluster });
    await waitFor(() => c.status().xds?.streams === 1);
    expect(s.responses).toEqual([]);
    cp.pushConfig(3, { [v2]: twoClusters(3), [v1]: sampleSnapshot(3) });
    expect((await s.next()).version_info).toBe("3");
  });
});

describe("xDS server, delta", () => {
  it("sends only what changed, removals by name, and nothing for an unchanged type", async () => {
    const { cp, c, delta } = await setup();
    cp.pushConfig(1, { [v2]: twoClusters(1) });
    const d = delta(envoyNode("envoy-delta-1"));
    d.send({ type_url: typeUrls.cluster });
    const first = await d.next();
    expect(first.resources.map((r) => r.name)).toEqual(["default/web", "default/api"]);
    expect(first.system_version_info).toBe("1");
    d.ack(first);
    d.send({ type_url: typeUrls.endpoint, resource_names_subscribe: ["default/web", "default/api"] }, false);
    const eds = await d.next((r) => r.type_url === typeUrls.endpoint);
    d.ack(eds);
    await waitFor(
      () => c.status().proxies.find((p) => p.proxyId === "envoy-delta-1")?.appliedConfigVersion === 1,
    );

    // api's endpoint moves, web is untouched: one cluster load assignment, no cluster.
    const snap = twoClusters(2);
    snap.clusters[1]!.endpoints = [v2Endpoint("127.0.0.9", 4143, "api")];
    const at = d.responses.length;
    cp.pushConfig(2, { [v2]: snap });
    const changed = await d.next(() => true, at);
    expect(changed.type_url).toBe(typeUrls.endpoint);
    expect(changed.resources.map((r) => r.name)).toEqual(["default/api"]);
    d.ack(changed);
    await waitFor(
      () => c.status().proxies.find((p) => p.proxyId === "envoy-delta-1")?.appliedConfigVersion === 2,
    );
    expect(d.responses).toHaveLength(at + 1);

    // api goes away: removed from CDS (wildcard) and from EDS (named).
    const at3 = d.responses.length;
    const webOnly = twoClusters(3);
    webOnly.clusters.pop();
    cp.pushConfig(3, { [v2]: webOnly });
    const cds = await d.next((r) => r.type_url === typeUrls.cluster, at3);
    expect(cds).toMatchObject({ resources: [], removed_resources: ["default/api"] });
    const eds3 = await d.next((r) => r.type_url === typeUrls.endpoint, at3);
    expect(eds3.removed_resources).toEqual(["default/api"]);
  });

  it("a reconnecting client's initial_resource_versions are not resent", async () => {
    const { cp, delta } = await setup();
    cp.pushConfig(1, { [v2]: twoClusters(1) });
    const d = delta(envoyNode("envoy-delta-2"));
    d.send({ type_url: typeUrls.cluster });
    const first = await d.next();
    const held = Object.fromEntries(first.resources.map((r) => [r.name, r.version]));
    d.close();

    const again = delta(envoyNode("envoy-delta-2"));
    held["default/api"] = "stale";
    again.send({ type_url: typeUrls.cluster, initial_resource_versions: held });
    const res = await again.next();
    expect(res.resources.map((r) => r.name)).toEqual(["default/api"]);
  });
});

describe("xDS server, last-known-good", () => {
  it("a connector restarted with the control plane down serves xDS from its state dir", async () => {
    const { cp, c, start, sotw } = await setup();
    cp.pushConfig(7, { [v2]: twoClusters(7), [v1]: sampleSnapshot(7) });
    await waitFor(() => cp.messages("ack").some((a) => a.version === 7));
    await c.stop();
    await cp.stop();

    const again = await start();
    expect(again.status().xds).toMatchObject({ snapshotVersion: 7 });
    const s = sotw(envoyNode("envoy-after-restart"), `127.0.0.1:${again.status().addresses.xdsPort}`);
    s.send({ type_url: typeUrls.cluster });
    const cds = await s.next();
    expect(cds.version_info).toBe("7");
    expect(resourceNamesOf(cds)).toEqual(["default/web", "default/api"]);
    expect(again.status().state).not.toBe("connected");
  });
});
