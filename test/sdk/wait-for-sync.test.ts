import type { MeshSync } from "@trellis/sdk";
import { SyncTimeoutError, TrellisClient } from "@trellis/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi, problemBody, reply } from "./fixtures.ts";

const behind: MeshSync = {
  mesh: "prod",
  desiredVersion: 7,
  inSync: false,
  clusters: [
    {
      cluster: "east",
      connected: true,
      desiredVersion: 7,
      appliedVersion: 7,
      inSync: true,
      laggingSince: null,
      lastNack: null,
    },
    {
      cluster: "west",
      connected: true,
      desiredVersion: 7,
      appliedVersion: 6,
      inSync: false,
      laggingSince: "2025-01-01T00:00:00.000Z",
      lastNack: { version: 7, error: "spec.rules[0]: unknown filter", at: "2025-01-01T00:00:01.000Z" },
    },
  ],
  proxies: [
    {
      proxy: "prx_1",
      kind: "trellis-proxy",
      cluster: "east",
      service: "web",
      desiredVersion: 7,
      appliedVersion: 5,
      inSync: false,
      laggingSince: "2025-01-01T00:00:00.000Z",
      lastNack: null,
    },
  ],
};
const inSync: MeshSync = {
  ...behind,
  inSync: true,
  clusters: behind.clusters.map((c) => ({ ...c, appliedVersion: 7, inSync: true, lastNack: null })),
  proxies: behind.proxies.map((p) => ({ ...p, appliedVersion: 7, inSync: true })),
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("waitForSync against a scripted sync endpoint", () => {
  it("times out listing the lagging cluster with its NACK and the lagging proxy", async () => {
    const api = await fakeApi((_req, res) => reply(res, 200, behind));
    close = api.close;
    const client = new TrellisClient({ baseUrl: api.url, token: "t" });
    const err = (await client
      .waitForSync("prod", { timeoutMs: 400, pollMs: 50 })
      .catch((e) => e)) as SyncTimeoutError;
    expect(err).toBeInstanceOf(SyncTimeoutError);
    expect(api.seen.length).toBeGreaterThan(1);
    expect(api.seen[0]!.url).toBe("/v1/meshes/prod/sync");
    expect(err.behind).toEqual([
      expect.objectContaining({ kind: "cluster", name: "west", appliedVersion: 6 }),
      expect.objectContaining({ kind: "proxy", name: "prx_1", cluster: "east", appliedVersion: 5 }),
    ]);
    expect(err.behind[0]!.reason).toContain("NACK: spec.rules[0]: unknown filter");
    expect(err.message).toContain("cluster west: rejected v7");
    expect(err.message).toContain("desired v7");
  });

  it("resolves once the status turns in sync, reporting progress on the way", async () => {
    const api = await fakeApi((_req, res, i) => reply(res, 200, i < 2 ? behind : inSync));
    close = api.close;
    const client = new TrellisClient({ baseUrl: api.url, token: "t" });
    const progress: number[] = [];
    const result = await client.waitForSync("prod", {
      timeoutMs: 10_000,
      pollMs: 20,
      onProgress: (_s, lagging) => progress.push(lagging.length),
    });
    expect(result.inSync).toBe(true);
    expect(progress).toEqual([2, 2, 0]);
  });

  it("falls back to the clusters list when the server has no sync route", async () => {
    const cluster = {
      id: "clu_1",
      mesh: "prod",
      name: "west",
      connected: false,
      connectorVersion: null,
      lastSeenAt: null,
      desiredVersion: 3,
      appliedVersion: 2,
      lastNack: null,
      credentialIssuedAt: null,
      revokedAt: null,
      createdAt: "2025-01-01T00:00:00.000Z",
    };
    const api = await fakeApi((req, res) => {
      if (req.url?.startsWith("/v1/meshes/prod/clusters"))
        reply(res, 200, { items: [cluster], nextCursor: null });
      else
        reply(res, 404, problemBody("not_found", 404, `no route for GET ${req.url}; see /v1/openapi.json`));
    });
    close = api.close;
    const client = new TrellisClient({ baseUrl: api.url, token: "t" });
    const err = (await client
      .waitForSync("prod", { timeoutMs: 200, pollMs: 50 })
      .catch((e) => e)) as SyncTimeoutError;
    expect(err).toBeInstanceOf(SyncTimeoutError);
    expect(err.behind).toEqual([
      expect.objectContaining({ name: "west", reason: expect.stringContaining("disconnected") }),
    ]);
  });

  it("a missing mesh rejects at once with NotFoundError, not a timeout", async () => {
    const api = await fakeApi((_req, res) =>
      reply(res, 404, problemBody("not_found", 404, 'no mesh "prod"')),
    );
    close = api.close;
    const client = new TrellisClient({ baseUrl: api.url, token: "t" });
    await expect(client.waitForSync("prod", { timeoutMs: 5_000 })).rejects.toMatchObject({
      name: "NotFoundError",
    });
    expect(api.seen).toHaveLength(1);
  });

  it("a status endpoint that hangs still times out on time", async () => {
    const api = await fakeApi(() => {});
    close = api.close;
    const client = new TrellisClient({ baseUrl: api.url, token: "t", retries: 0 });
    const err = await client.waitForSync("prod", { timeoutMs: 300 }).catch((e) => e);
    expect(err).toBeInstanceOf(SyncTimeoutError);
    expect(err.message).toContain("could not read its sync status");
  });
});
