import { describe, expect, it } from "vitest";
import { durationMsOrNull, durationSchema, maxDurationMs, parseDurationMs } from "./duration.ts";
import { meshSettingsSpecSchema } from "./resources/mesh-settings.ts";

describe("durations", () => {
  it("parses GEP-2257 durations", () => {
    expect(parseDurationMs("1h30m")).toBe(5_400_000);
    expect(parseDurationMs("250ms")).toBe(250);
    expect(durationMsOrNull("x")).toBeNull();
  });

  it("refuses malformed and overflowing durations without throwing", () => {
    for (const bad of ["x", "", "999999999h", "1e9s", "-1s", "1.5s", "PT1S", "99999h"])
      expect(durationSchema.safeParse(bad).success, bad).toBe(false);
    expect(durationSchema.safeParse("596h31m23s647ms").success).toBe(true);
    expect(parseDurationMs("596h31m23s647ms")).toBe(maxDurationMs);
    expect(durationSchema.safeParse("596h31m23s648ms").success).toBe(false);
  });

  it("a certificate lifetime that is not a duration is one issue, not an exception", () => {
    for (const ttl of ["x", "", "999999999h"]) {
      const r = meshSettingsSpecSchema.safeParse({ certificates: { ttl } });
      expect(r.success).toBe(false);
      expect(r.error!.issues.map((i) => i.path.join("/"))).toEqual(["certificates/ttl"]);
    }
    expect(meshSettingsSpecSchema.safeParse({ certificates: { ttl: "200h" } }).success).toBe(false);
  });
});
