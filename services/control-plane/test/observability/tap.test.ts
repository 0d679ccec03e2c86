import type { TapEvent__Input } from "@trellis/protocol/tunnel";
import { timestampFromMs } from "@trellis/protocol/tunnel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  signedUpClient,
  startTestControlPlane,
  type TestClient,
  type TestControlPlane,
  tokenClient,
} from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { addCluster } from "../tunnel/setup.ts";
import { waitFor } from "../wait-for.ts";
import { SseClient } from "./sse.ts";

// Two replicas on one database: `tunnel` holds the simulated connector's stream, `api`
// serves the client's SSE stream. Commands and events cross between them by NOTIFY.
let tunnelReplica: TestControlPlane;
let apiReplica: TestControlPlane;
let owner: TestClient;
let token: string;
let east: SimConnector;
let intruder: SimConnector;

beforeAll(async () => {
  tunnelReplica = await startTestControlPlane({ env: { TRELLIS_ROLES: "tunnel" } });
  apiReplica = await startTestControlPlane({
    database: tunnelReplica.database,
    env: { TRELLIS_ROLES: "api" },
  });
  owner = (await signedUpClient(apiReplica.url)).client;
  const tokens = await owner.post("/v1/tokens", { name: "tapper", role: "member" });
  token = tokens.body.token;
  east = new SimConnector(tunnelReplica.tunnelTarget, { joinToken: await addCluster(owner, "tapm", "east") });
  intruder = new SimConnector(tunnelReplica.tunnelTarget, {
    joinToken: await addCluster(owner, "other", "west"),
  });
  await Promise.all([east.welcome(), intruder.welcome()]);
  const web = { name: "web", namespace: "shop", ports: [{ port: 80, protocol: "http" }], endpoints: [] };
  east.send({ discovery: { services: [web] } });
  intruder.send({ discovery: { services: [web] } });
  await waitFor(async () => (await owner.get("/v1/meshes/tapm/services")).body.items?.length === 1, {
    what: "web discovered",
  });
});
afterAll(async () => {
  east.close();
  intruder.close();
  await apiReplica.stop();
  await tunnelReplica.stop();
});

const tapEvent = (tapId: string, n: number): TapEvent__Input => ({
  tapId,
  proxyId: "prx_web0",
  at: timestampFromMs(Date.now()),
  method: "GET",
  path: `/items/${n}`,
  authority: "web.shop",
  status: 200,
  latencyMs: 1.5,
  clientIdentity: "spiffe://td/ns/shop/sa/client",
  serverIdentity: "spiffe://td/ns/shop/sa/web",
  headers: { authorization: "Bearer do-not-leak", "user-agent": "curl/8" },
  direction: "inbound",
});

const startTapOf = async (sim: SimConnector, seen: number) =>
  (await waitFor(() => sim.received.filter((m) => m.command?.startTap).slice(seen)[0], { what: "StartTap" }))
    .command!;

const open = (query: string) =>
  new SseClient(`${apiReplica.url}/v1/meshes/tapm/tap?${query}`, { authorization: `Bearer ${token}` });

describe("tap", () => {
  it("streams live events from the connector on another replica and stops at max events", async () => {
    const sse = open("service=web&path=/items&max=3&seconds=30");
    const cmd = await startTapOf(east, 0);
    expect(cmd.startTap).toMatchObject({
      service: "web",
      pathPrefix: "/items",
      maxEvents: 3,
      maxEventsPerSecond: 20,
    });
    expect(intruder.received.some((m) => m.command?.startTap)).toBe(false);
    const tapId = cmd.startTap!.tapId;
    await waitFor(() => sse.of("start").length === 1, { what: "start event" });

    intruder.send({ tapEvent: tapEvent(tapId, 666) }); // another mesh's connector: dropped
    for (let n = 1; n <= 4; n++) east.send({ tapEvent: tapEvent(tapId, n) });
    await sse.done;
    const events = sse.of("tap") as { path: string; headers: Record<string, string>; cluster: string }[];
    expect(events.map((e) => e.path)).toEqual(["/items/1", "/items/2", "/items/3"]);
    expect(events[0]!.headers).toEqual({ "user-agent": "curl/8" });
    expect(events[0]!.cluster).toBe("east");
    expect(sse.of("end")).toEqual([{ reason: "max_events", delivered: 3, dropped: 0 }]);
    await waitFor(() => east.received.some((m) => m.command?.stopTap?.tapId === tapId), { what: "StopTap" });
  });

  it("sends StopTap when the client goes away, and audits every tap", async () => {
    const sse = open("service=web&seconds=60");
    const cmd = await startTapOf(east, 1);
    await waitFor(() => sse.of("start").length === 1, { what: "start event" });
    sse.close();
    await waitFor(() => east.received.some((m) => m.command?.stopTap?.tapId === cmd.startTap!.tapId), {
      what: "StopTap after the client left",
    });
    const audit = (await owner.get("/v1/audit")).body.items.filter(
      (a: { action: string }) => a.action === "tap.start",
    );
    expect(audit).toHaveLength(2);
    expect(audit[0].target).toBe("tapm/web");
  });

  it("ends by itself at the time bound", async () => {
    const sse = open("service=web&seconds=1");
    await startTapOf(east, 2);
    await sse.done;
    expect(sse.of("end")).toEqual([{ reason: "max_duration", delivered: 0, dropped: 0 }]);
  });

  it("needs a role that may tap, a known service, and the caller's own mesh", async () => {
    const viewer = await tokenClient(owner, "viewer");
    expect((await viewer.get("/v1/meshes/tapm/tap?service=web")).status).toBe(403);
    expect((await owner.get("/v1/meshes/tapm/tap?service=nope")).status).toBe(404);
    expect((await owner.get("/v1/meshes/tapm/tap")).status).toBe(422);
    const stranger = await tokenClient((await signedUpClient(apiReplica.url, "Other")).client, "owner");
    expect((await stranger.get("/v1/meshes/tapm/tap?service=web")).status).toBe(404);
  });
});
