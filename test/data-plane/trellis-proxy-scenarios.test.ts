import {
  dataPlaneScenarios,
  runSteps,
  type ScenarioWorld,
  type ServerName,
  serverNames,
  worldSnapshot,
} from "@trellis/connector/testing/data-plane-scenarios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for.ts";
import { type EchoApp, echoCaller, ProxyMesh, type RunningProxy } from "./trellis-proxy-mesh.ts";

/**
 * The data-plane scenarios (proxy/connector/src/testing/data-plane-scenarios) — the list
 * the xDS side runs against grpc-js-xds clients — through trellis-proxy: a client app →
 * its proxy's outbound listener → mTLS → the inbound listener of `catalog-v1`'s or
 * `catalog-v2`'s proxy → a gRPC Echo app. The proxies read the same v2 snapshots.
 */

const mesh = new ProxyMesh("demo.trellis.test");
const apps = {} as Record<ServerName, EchoApp>;
const proxies: RunningProxy[] = [];
let world: ScenarioWorld;
let caller: ReturnType<typeof echoCaller>;
let version = 1;

async function push(snapshot: ReturnType<typeof worldSnapshot>): Promise<void> {
  mesh.connector.push(snapshot);
  await waitFor(() => proxies.every((p) => p.proxy.appliedVersion() === snapshot.version), {
    what: `every proxy at version ${snapshot.version}`,
    timeoutMs: 20_000,
  });
}

beforeAll(async () => {
  await mesh.start();
  for (const name of serverNames) {
    apps[name] = await mesh.echoApp(name);
    proxies.push(
      await mesh.proxy({ service: name, sa: name, app: apps[name].port, extra: ["--app-protocol", "grpc"] }),
    );
  }
  const client = await mesh.proxy({ service: "frontend", sa: "frontend" });
  proxies.push(client);
  const [v1, v2] = proxies as [RunningProxy, RunningProxy];
  world = {
    trustDomain: mesh.trustDomain,
    trustBundle: [mesh.ca.rootPem],
    clientIdentity: mesh.identity("frontend"),
    endpoints: {
      "catalog-v1": { address: "127.0.0.1", port: v1.inboundPort, identity: mesh.identity("catalog-v1") },
      "catalog-v2": { address: "127.0.0.1", port: v2.inboundPort, identity: mesh.identity("catalog-v2") },
    },
  };
  await push(worldSnapshot(world, version));
  caller = echoCaller(client.outboundPort, "catalog:8080");
  await waitFor(async () => (await caller.call(1))[0]?.ok, {
    what: "a first call through the proxies (certificates, listeners)",
    timeoutMs: 30_000,
  });
}, 120_000);

afterAll(async () => {
  caller?.close();
  await mesh.stop();
});

describe("data-plane scenarios through trellis-proxy", () => {
  for (const scenario of dataPlaneScenarios) {
    it(scenario.name, async () => {
      await push(scenario.snapshot(world, ++version));
      const failures = await runSteps(scenario, world, {
        behave: async (server, behaviour) => apps[server].behave(behaviour),
        call: (count, opts) => caller.call(count, opts),
      });
      expect(failures).toEqual([]);
    }, 60_000);
  }
});
