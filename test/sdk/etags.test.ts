import { TrellisClient } from "@trellis/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { fakeApi, reply } from "./fixtures.ts";

// The SDK takes ETags from the server. The one exception: a replayed mesh create from a
// server that did not yet store headers with idempotency records answers without an ETag,
// and the SDK derives it from the replayed version.

const mesh = { id: "mesh_1", name: "prod", configVersion: 3 };
const resource = { kind: "HTTPRoute", name: "web", generation: 4, spec: {} };
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function clientOf(handler: Parameters<typeof fakeApi>[0]) {
  const api = await fakeApi(handler);
  close = api.close;
  return new TrellisClient({ baseUrl: api.url, token: "t", retries: 0 });
}

describe("ETags", () => {
  it("a replayed mesh create takes the server's ETag as it is", async () => {
    const client = await clientOf((_req, res) =>
      reply(res, 201, mesh, { etag: '"v1"', "idempotent-replayed": "true" }),
    );
    expect((await client.meshes.create({ name: "prod" })).etag).toBe('"v1"');
  });

  it("a mesh create without an ETag header derives none (the ETag's shape is the server's)", async () => {
    const client = await clientOf((_req, res) => reply(res, 201, mesh, { "idempotent-replayed": "true" }));
    expect((await client.meshes.create({ name: "prod" })).etag).toBe("");
  });

  it("reads of meshes and resources derive nothing: the ETag is the server's header", async () => {
    const client = await clientOf((req, res) => {
      if (req.url === "/v1/meshes/prod") reply(res, 200, mesh, { etag: '"v9"' });
      else reply(res, 200, resource);
    });
    expect((await client.meshes.get("prod")).etag).toBe('"v9"');
    expect((await client.resources("prod").get("HTTPRoute", "web")).etag).toBe("");
  });
});
