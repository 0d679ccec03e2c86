import { describe, expect, it } from "vitest";
import { negotiate } from "./negotiate.ts";

const v1 = "trellis.config/v1";
const v2 = "trellis.config/v2";

describe("negotiate", () => {
  it("gives a connector of the previous release (no list) v1 alone", () => {
    expect(negotiate([])).toEqual({ primary: v1, alternates: [] });
  });

  it("gives the first accepted schema we produce, the others as alternates in the receiver's order", () => {
    expect(negotiate([v2, v1])).toEqual({ primary: v2, alternates: [v1] });
    expect(negotiate([v1, v2])).toEqual({ primary: v1, alternates: [v2] });
    expect(negotiate(["trellis.config/v3", v2])).toEqual({ primary: v2, alternates: [] });
    expect(negotiate([v2, v2, v1])).toEqual({ primary: v2, alternates: [v1] });
  });

  it("falls back to v1 when nothing accepted is produced here, so the NACK shows the mismatch", () => {
    expect(negotiate(["trellis.config/v9"])).toEqual({ primary: v1, alternates: [] });
  });
});
