import { describe, expect, it } from "vitest";
import { samplePayload } from "../testing/sample-snapshot.ts";
import { checkSnapshot, checkStoredSnapshot } from "./snapshot-check.ts";

const msg = (version: number, payload: Buffer, schema = "trellis.config/v1") => ({
  version,
  nonce: "n",
  schema,
  payload,
});

describe("checkSnapshot", () => {
  it("accepts a valid snapshot and keeps its exact bytes", () => {
    const payload = samplePayload(5);
    const r = checkSnapshot(msg(5, payload));
    expect(r.ok && r.accepted.payload.equals(payload)).toBe(true);
  });
  it("refuses a wrong schema id, bad JSON, a schema violation, a version mismatch", () => {
    expect(checkSnapshot(msg(5, samplePayload(5), "trellis.config/v2"))).toMatchObject({ ok: false });
    expect(checkSnapshot(msg(5, Buffer.from("{")))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/JSON/),
    });
    const r = checkSnapshot(msg(5, samplePayload(5, { services: [{ name: "x" } as never] })));
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/services\/0/) });
    expect(checkSnapshot(msg(6, samplePayload(5)))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/version/),
    });
  });
  it("re-validates a stored payload", () => {
    expect(checkStoredSnapshot(samplePayload(8))).toMatchObject({ ok: true, accepted: { version: 8 } });
    expect(checkStoredSnapshot(Buffer.from("garbage"))).toMatchObject({ ok: false });
  });
});
