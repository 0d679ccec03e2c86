import { type ScenarioWorld, worldSnapshot } from "@trellis/connector/testing/data-plane-scenarios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for.ts";
import { echoCaller, ProxyMesh, type RunningProxy } from "./trellis-proxy-mesh.ts";

/**
 * A weighted split whose canary loses its only proxy: trellis-proxy skips a backend with
 * no endpoint to send to, so every request goes to the stable backend instead of one in
 * N failing — whether the canary's endpoint left the snapshot (the control plane saw the
 * proxy go) or the connector marked it unavailable first (EndpointStates).
 */

const mesh = new ProxyMesh("demo.trellis.test");
let world: ScenarioWorld;
let caller: ReturnType<typeof echoCaller>;
let client: RunningProxy;
let canary: RunningProxy;
let version = 1;

/** `catalog` split 50/50 between catalog-v1 (stable) and catalog-v2 (canary). */
function split(edit: (s: ReturnType<typeof worldSnapshot>) => void = () => {}) {
  return worldSnapshot(world, ++version, (s) => {
    const route = s.virtualHosts[0]!.routes[0]!;
    if (route.action.type === "forward")
      route.action.backends = [
        { cluster: "default/catalog-v1", weight: 5_000 },
        { cluster: "default/catalog-v2", weight: 5_000 },
      ];
    edit(s);
  });
}

async function push(snapshot: ReturnType<typeof worldSnapshot>): Promise<void> {
  mesh.connector.push(snapshot);
  await waitFor(() => client.proxy.appliedVersion() === snapshot.version, {
    what: `version ${snapshot.version}`,
  });
}

beforeAll(async () => {
  await mesh.start();
  const stableApp = await mesh.echoApp("catalog-v1");
  const canaryApp = await mesh.echoApp("catalog-v2");
  const stable = await mesh.proxy({ service: "catalog-v1", sa: "catalog-v1", app: stableApp.port });
  canary = await mesh.proxy({ service: "catalog-v2", sa: "catalog-v2", app: canaryApp.port });
  client = await mesh.proxy({ service: "frontend", sa: "frontend" });
  world = {
    trustDomain: mesh.trustDomain,
    trustBundle: [mesh.ca.rootPem],
    clientIdentity: mesh.identity("frontend"),
    endpoints: {
      "catalog-v1": { address: "127.0.0.1", port: stable.inboundPort, identity: mesh.identity("catalog-v1") },
      "catalog-v2": { address: "127.0.0.1", port: canary.inboundPort, identity: mesh.identity("catalog-v2") },
    },
  };
  await push(split());
  caller = echoCaller(client.outboundPort, "catalog:8080");
  await waitFor(
    async () => {
      const served = new Set((await caller.call(20)).map((r) => r.server));
      return served.has("catalog-v1") && served.has("catalog-v2");
    },
    { what: "both halves of the split answering", timeoutMs: 30_000 },
  );
}, 120_000);

afterAll(async () => {
  caller?.close();
  await mesh.stop();
});

const tally = (results: Awaited<ReturnType<typeof caller.call>>) =>
  results.reduce<Record<string, number>>((t, r) => {
    const k = r.ok ? `OK@${r.server}` : `code ${r.code}`;
    t[k] = (t[k] ?? 0) + 1;
    return t;
  }, {});

describe("a weighted split whose canary has no endpoint left", () => {
  it("sends every request to the stable backend when the canary's endpoint left the snapshot", async () => {
    await push(
      split((s) => {
        s.clusters[1]!.endpoints = [];
      }),
    );
    expect(tally(await caller.call(40))).toEqual({ "OK@catalog-v1": 40 });
  });

  it("does the same when the canary's proxy died and the connector marked it unavailable", async () => {
    await push(split());
    await canary.proxy.drain();
    const { address, port } = world.endpoints["catalog-v2"];
    mesh.connector.endpointStates([{ address, port, reason: "gone" }]);
    // The overlay travels on the stream: once it is applied, no request fails.
    await waitFor(async () => tally(await caller.call(10))["OK@catalog-v1"] === 10, {
      what: "the overlay applied",
    });
    expect(tally(await caller.call(40))).toEqual({ "OK@catalog-v1": 40 });
  });
});
