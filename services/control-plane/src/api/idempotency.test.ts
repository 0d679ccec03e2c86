import { describe, expect, it } from "vitest";
import { headersToStore } from "./idempotency.ts";

describe("headersToStore", () => {
  it("keeps only the headers a replay must repeat", () => {
    expect(
      headersToStore({ etag: '"v1"', location: "/v1/meshes/prod", "x-request-id": "r1", "set-cookie": "s" }),
    ).toEqual({ etag: '"v1"', location: "/v1/meshes/prod" });
  });

  it("matches names case-insensitively and keeps their spelling", () => {
    expect(headersToStore({ ETag: '"g3"' })).toEqual({ ETag: '"g3"' });
  });

  it("is null when the reply has none of them", () => {
    expect(headersToStore(undefined)).toBeNull();
    expect(headersToStore({ "x-other": "1" })).toBeNull();
  });
});
