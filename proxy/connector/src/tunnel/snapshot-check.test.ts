import { describe, expect, it } from "vitest";
import { samplePayload } from "../testing/sample-snapshot.ts";
import { samplePayloadV2 } from "../testing/sample-snapshot-v2.ts";
import { checkSnapshot, checkStoredSnapshot, payloadFor, sameSnapshot } from "./snapshot-check.ts";

const v1 = "trellis.config/v1";
const v2 = "trellis.config/v2";
const msg = (
  version: number,
  payload: Buffer,
  schema = v1,
  alternates: { schema: string; payload: Buffer }[] = [],
) => ({
  version,
  nonce: "n",
  schema,
  payload,
  alternates,
});

describe("checkSnapshot", () => {
  it("accepts a v1-only snapshot (a control plane of the previous release) and keeps its exact bytes", () => {
    const payload = samplePayload(5);
    const r = checkSnapshot(msg(5, payload));
    expect(r.ok && r.accepted.payloads).toEqual([{ schema: v1, payload }]);
    expect(r.ok && r.accepted.v1?.version).toBe(5);
    expect(r.ok && r.accepted.v2).toBeNull();
  });

  it("accepts v2 with a v1 alternate, primary first", () => {
    const r = checkSnapshot(msg(5, samplePayloadV2(5), v2, [{ schema: v1, payload: samplePayload(5) }]));
    expect(r.ok && r.accepted.payloads.map((p) => p.schema)).toEqual([v2, v1]);
    expect(r.ok && r.accepted.v2?.virtualHosts[0]?.name).toBe("default/web");
  });

  it("refuses an unknown primary schema, bad JSON, a schema violation, a version mismatch", () => {
    expect(checkSnapshot(msg(5, samplePayload(5), "trellis.config/v9"))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unsupported snapshot schema "trellis.config\/v9"/),
    });
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

  it("refuses v2 reference errors and names a bad alternate", () => {
    const dangling = samplePayloadV2(5, { clusters: [] });
    expect(checkSnapshot(msg(5, dangling, v2))).toMatchObject({
      ok: false,
      error: expect.stringContaining("no cluster default/web"),
    });
    const r = checkSnapshot(msg(5, samplePayloadV2(5), v2, [{ schema: v1, payload: samplePayload(4) }]));
    expect(r).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^alternate trellis.config\/v1: .*version 4/),
    });
  });

  it("ignores alternates in schemas it does not read", () => {
    const r = checkSnapshot(
      msg(5, samplePayloadV2(5), v2, [{ schema: "trellis.config/v3", payload: Buffer.from("?") }]),
    );
    expect(r.ok && r.accepted.payloads.map((p) => p.schema)).toEqual([v2]);
  });
});

describe("checkStoredSnapshot", () => {
  it("re-validates stored payloads", () => {
    const r = checkStoredSnapshot({ v1: samplePayload(8), v2: samplePayloadV2(8) });
    expect(r).toMatchObject({ ok: true, accepted: { version: 8 } });
    expect(r.ok && r.accepted.payloads.map((p) => p.schema)).toEqual([v2, v1]);
    expect(checkStoredSnapshot({ v1: Buffer.from("garbage"), v2: null })).toMatchObject({ ok: false });
  });

  it("keeps only the newest version when a crash fell between the two writes", () => {
    const r = checkStoredSnapshot({ v1: samplePayload(7), v2: samplePayloadV2(8) });
    expect(r.ok && r.accepted.version).toBe(8);
    expect(r.ok && r.accepted.payloads.map((p) => p.schema)).toEqual([v2]);
  });
});

describe("payloadFor", () => {
  const both = checkSnapshot(msg(5, samplePayloadV2(5), v2, [{ schema: v1, payload: samplePayload(5) }]));
  const onlyV1 = checkSnapshot(msg(5, samplePayload(5)));
  if (!both.ok || !onlyV1.ok) throw new Error("fixtures");

  it("serves the first schema the data plane reads; none declared means v1", () => {
    expect(payloadFor(both.accepted, [v2, v1])?.schema).toBe(v2);
    expect(payloadFor(both.accepted, [])?.schema).toBe(v1);
    expect(payloadFor(onlyV1.accepted, [v2, v1])?.schema).toBe(v1);
    expect(payloadFor(onlyV1.accepted, [v2])).toBeNull();
  });

  it("tells a resend from a change", () => {
    const again = checkSnapshot(msg(5, samplePayloadV2(5), v2, [{ schema: v1, payload: samplePayload(5) }]));
    expect(again.ok && sameSnapshot(both.accepted, again.accepted)).toBe(true);
    expect(sameSnapshot(both.accepted, onlyV1.accepted)).toBe(false);
  });
});
