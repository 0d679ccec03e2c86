import { describe, expect, it } from "vitest";
import { sha256Hex } from "../state/state-dir.ts";
import { chooseAuth } from "./auth.ts";

const stored = (token: string | null) => ({
  credential: "cred_1",
  clusterId: "clu_1",
  joinTokenSha256: token && sha256Hex(token),
  obtainedAt: "2025-01-01T00:00:00Z",
});

describe("chooseAuth", () => {
  it("prefers the stored credential over the join token that minted it", () => {
    expect(chooseAuth(stored("jt_a"), "jt_a")).toEqual({ kind: "credential", credential: "cred_1" });
    expect(chooseAuth(stored("jt_a"), undefined)).toEqual({ kind: "credential", credential: "cred_1" });
  });
  it("uses a new join token (the cluster was re-registered)", () => {
    expect(chooseAuth(stored("jt_a"), "jt_b")).toEqual({ kind: "join-token", token: "jt_b" });
  });
  it("uses the join token when nothing is stored, and nothing when neither exists", () => {
    expect(chooseAuth(null, "jt_a")).toEqual({ kind: "join-token", token: "jt_a" });
    expect(chooseAuth(null, undefined)).toBeNull();
  });
});
