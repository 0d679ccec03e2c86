import type { ResourceStatus } from "@trellis/protocol/tunnel";
import { describe, expect, it } from "vitest";
import { controllerName, nextStatus } from "./status-conditions.ts";

const answer = (accepted: string, generation = 1): ResourceStatus => ({
  apiVersion: "",
  kind: "",
  namespace: "shop",
  name: "r",
  observedGeneration: generation as unknown as ResourceStatus["observedGeneration"],
  conditions: [
    {
      type: "Accepted",
      status: accepted,
      reason: accepted === "True" ? "Accepted" : "OwnedByAPI",
      message: "m",
    },
    { type: "ResolvedRefs", status: "True", reason: "ResolvedRefs", message: "" },
  ],
});
const t0 = "2026-01-01T00:00:00Z";
const t1 = "2026-01-02T00:00:00Z";

describe("nextStatus for trellis.dev kinds", () => {
  it("writes status.conditions with the observed generation", () => {
    const s = nextStatus({ apiVersion: "trellis.dev/v1" }, answer("True"), t0)!;
    expect(s).toMatchObject({ observedGeneration: 1 });
    expect(s.conditions).toEqual([
      expect.objectContaining({
        type: "Accepted",
        status: "True",
        lastTransitionTime: t0,
        observedGeneration: 1,
      }),
      expect.objectContaining({ type: "ResolvedRefs", status: "True", lastTransitionTime: t0 }),
    ]);
  });

  it("says nothing when the object already holds the same conditions", () => {
    const held = nextStatus({ apiVersion: "trellis.dev/v1" }, answer("True"), t0)!;
    expect(nextStatus({ apiVersion: "trellis.dev/v1", status: held }, answer("True"), t1)).toBeNull();
  });

  it("moves lastTransitionTime only for a condition whose status changed", () => {
    const held = nextStatus({ apiVersion: "trellis.dev/v1" }, answer("True"), t0)!;
    const next = nextStatus({ apiVersion: "trellis.dev/v1", status: held }, answer("False", 2), t1)!;
    const [accepted, refs] = next.conditions as { lastTransitionTime: string; observedGeneration: number }[];
    expect(accepted!.lastTransitionTime).toBe(t1);
    expect(refs!.lastTransitionTime).toBe(t0);
    expect(refs!.observedGeneration).toBe(2);
  });
});

describe("nextStatus for Gateway API routes", () => {
  const spec = { parentRefs: [{ group: "", kind: "Service", name: "web" }, { name: "api" }] };
  const other = { parentRef: { name: "gw" }, controllerName: "example.com/gateway", conditions: [] };

  it("writes one entry per parentRef under Trellis' controllerName and keeps other controllers' entries", () => {
    const s = nextStatus(
      { apiVersion: "gateway.networking.k8s.io/v1", spec, status: { parents: [other] } },
      answer("True"),
      t0,
    )!;
    const parents = s.parents as { parentRef: unknown; controllerName: string }[];
    expect(parents[0]).toEqual(other);
    expect(parents.slice(1).map((p) => [p.parentRef, p.controllerName])).toEqual([
      [spec.parentRefs[0], controllerName],
      [spec.parentRefs[1], controllerName],
    ]);
    const again = nextStatus(
      { apiVersion: "gateway.networking.k8s.io/v1", spec, status: s },
      answer("True"),
      t1,
    );
    expect(again).toBeNull();
  });
});
