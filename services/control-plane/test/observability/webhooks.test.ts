import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "@trellis/core/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  signedUpClient,
  startTestControlPlane,
  type TestClient,
  type TestControlPlane,
  tokenClient,
} from "../harness.ts";
import type { SimConnector } from "../sim-connector.ts";
import { waitFor } from "../wait-for.ts";
import { connect, type MovableClock, observabilityPlane, proxyStatus, runWorker } from "./setup.ts";

// A local receiver (127.0.0.1) answers 500 once, then 200: the worker must sign each
// POST, retry with backoff, log every delivery, and announce both raise and clear.
let cp: TestControlPlane;
let owner: TestClient;
let clock: MovableClock;
let east: SimConnector;
let receiver: Server;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; body: string; status: number }[] = [];
let failNext = 1;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const status = failNext-- > 0 ? 500 : 200;
      received.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/trellis`;
  ({ cp, owner, clock } = await observabilityPlane({
    WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
    WEBHOOK_RETRY_BASE_MS: "30000",
  }));
  east = await connect(cp, owner, "hooks", "east");
});
afterAll(async () => {
  east.close();
  await cp.stop();
  await new Promise((r) => receiver.close(r));
});

let secret: string;
let hookId: string;

describe("alert webhooks", () => {
  it("shows the secret once and never again", async () => {
    const res = await owner.post("/v1/webhooks", { url: receiverUrl, description: "pager" });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_/);
    ({ secret, id: hookId } = res.body);
    const list = await owner.get("/v1/webhooks");
    expect(list.body.items).toEqual([
      { id: hookId, url: receiverUrl, description: "pager", createdAt: expect.any(String) },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(secret);
  });

  it("delivers a signed flag.raised event, retrying after a 500", async () => {
    east.send({
      proxyReport: {
        proxies: [proxyStatus("prx_old", { proxyVersion: "0.0.1", appliedConfigVersion: 999 })],
      },
    });
    await waitFor(async () => (await owner.get("/v1/meshes/hooks/proxies")).body.items.length === 1, {
      what: "report",
    });
    const pass = await runWorker(cp);
    expect(pass.flagEvents).toBe(1);
    expect(pass.deliveries).toEqual({ delivered: 0, retried: 1, failed: 0 });
    expect(received).toHaveLength(1);

    let log = (await owner.get(`/v1/webhooks/${hookId}/deliveries`)).body.items;
    expect(log).toMatchObject([
      {
        eventType: "flag.raised",
        status: "pending",
        attempts: 1,
        lastStatusCode: 500,
        lastError: "HTTP 500",
      },
    ]);
    expect(Date.parse(log[0].nextAttemptAt) - clock.ms).toBe(30_000);

    expect((await runWorker(cp)).deliveries.delivered).toBe(0); // not due yet
    clock.advance(30_000);
    expect((await runWorker(cp)).deliveries).toEqual({ delivered: 1, retried: 0, failed: 0 });

    const ok = received[1]!;
    expect(ok.status).toBe(200);
    expect(ok.headers["x-trellis-event"]).toBe("flag.raised");
    expect(verifySignature(secret, String(ok.headers["x-trellis-signature"]), ok.body, clock.ms / 1000)).toBe(
      true,
    );
    expect(
      verifySignature("whsec_wrong", String(ok.headers["x-trellis-signature"]), ok.body, clock.ms / 1000),
    ).toBe(false);
    const event = JSON.parse(ok.body);
    expect(event).toMatchObject({
      type: "flag.raised",
      mesh: "hooks",
      flag: { flag: "version_behind", subjectKind: "proxy", subject: "east/prx_old" },
    });
    expect(event.flag.reason).toContain("runs 0.0.1; the latest release is 0.1.0");
    log = (await owner.get(`/v1/webhooks/${hookId}/deliveries`)).body.items;
    expect(log).toMatchObject([{ status: "delivered", attempts: 2, lastStatusCode: 200 }]);
  });

  it("announces nothing while the flag set is unchanged, then flag.cleared", async () => {
    expect((await runWorker(cp)).flagEvents).toBe(0);
    east.send({
      proxyReport: {
        proxies: [proxyStatus("prx_old", { proxyVersion: "0.1.0", appliedConfigVersion: 999 })],
      },
    });
    await waitFor(
      async () => (await owner.get("/v1/meshes/hooks/proxies")).body.items[0]?.version === "0.1.0",
      {
        what: "upgrade reported",
      },
    );
    const pass = await runWorker(cp);
    expect(pass.flagEvents).toBe(1);
    expect(pass.deliveries.delivered).toBe(1);
    const last = received[received.length - 1]!;
    expect(JSON.parse(last.body)).toMatchObject({
      type: "flag.cleared",
      flag: { flag: "version_behind", subject: "east/prx_old" },
    });
    expect(
      verifySignature(secret, String(last.headers["x-trellis-signature"]), last.body, clock.ms / 1000),
    ).toBe(true);
    const log = (await owner.get(`/v1/webhooks/${hookId}/deliveries`)).body.items;
    expect(log.map((d: { eventType: string }) => d.eventType)).toEqual(["flag.cleared", "flag.raised"]);
  });

  it("is admin-only, tenant-scoped and deletable", async () => {
    const member = await tokenClient(owner, "member");
    expect((await member.get("/v1/webhooks")).status).toBe(403);
    expect((await member.post("/v1/webhooks", { url: receiverUrl })).status).toBe(403);
    const stranger = await tokenClient((await signedUpClient(cp.url, "Other")).client, "owner");
    expect((await stranger.get(`/v1/webhooks/${hookId}/deliveries`)).status).toBe(404);
    expect((await stranger.delete(`/v1/webhooks/${hookId}`)).status).toBe(404);
    expect((await stranger.get("/v1/webhooks")).body.items).toEqual([]);
    expect((await owner.delete(`/v1/webhooks/${hookId}`)).status).toBe(204);
    expect((await owner.get(`/v1/webhooks/${hookId}/deliveries`)).status).toBe(404);
    const audit = (await owner.get("/v1/audit")).body.items.map((a: { action: string }) => a.action);
    expect(audit).toEqual(expect.arrayContaining(["webhook.create", "webhook.delete"]));
  });
});

describe("webhook targets", () => {
  it("refuses private addresses unless the deployment allows them", async () => {
    const strict = await startTestControlPlane({ env: { TRELLIS_ROLES: "api" } });
    try {
      const client = (await signedUpClient(strict.url)).client;
      const res = await client.post("/v1/webhooks", { url: receiverUrl });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].pointer).toBe("/url");
      expect((await client.post("/v1/webhooks", { url: "not a url" })).status).toBe(422);
    } finally {
      await strict.stop();
    }
  });
});
