import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSealed, openText, sealText } from "./at-rest.ts";

const kek = randomBytes(32);

describe("secrets sealed at rest", () => {
  it("round-trips, and the stored form does not contain the secret", () => {
    const stored = sealText(kek, "whsec_abc123", "webhook:whk_1");
    expect(isSealed(stored)).toBe(true);
    expect(stored).not.toContain("whsec_abc123");
    expect(openText(kek, stored, "webhook:whk_1")).toBe("whsec_abc123");
    expect(sealText(kek, "whsec_abc123", "webhook:whk_1")).not.toBe(stored);
  });

  it("will not open for another row or under another key", () => {
    const stored = sealText(kek, "secret", "webhook:whk_1");
    expect(() => openText(kek, stored, "webhook:whk_2")).toThrow(/cannot be decrypted/);
    expect(() => openText(randomBytes(32), stored, "webhook:whk_1")).toThrow(/sealed with KEK/);
  });

  it("tells a sealed value from a plain one (rows written before sealing)", () => {
    expect(isSealed("whsec_plain")).toBe(false);
    expect(isSealed({ token: "x" })).toBe(false);
  });
});
