import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { Context } from "../context.ts";
import { controlPlaneMetrics } from "./control-plane-metrics.ts";
import { PushLatency, timeCertificateIssuance } from "./push-latency.ts";

describe("PushLatency", () => {
  it("measures from the commit a replica saw to each answer, and forgets old versions", () => {
    let now = 1000;
    const t = new PushLatency(() => now);
    t.committedAt("mesh_a", 5);
    now = 1250;
    expect(t.answered("mesh_a", 5)).toBe(0.25);
    expect(t.answered("mesh_a", 6)).toBeNull();
    for (let v = 6; v < 30; v++) t.committedAt("mesh_a", v);
    expect(t.answered("mesh_a", 5)).toBeNull();
    t.forgetMesh("mesh_a");
    expect(t.answered("mesh_a", 29)).toBeNull();
  });
});

describe("timeCertificateIssuance", () => {
  it("counts issued and refused answers and a thrown error as refused", async () => {
    const ctx = { metrics: new Registry() } as unknown as Context;
    await timeCertificateIssuance(
      ctx,
      async () => ({ ok: true }),
      () => true,
    );
    await timeCertificateIssuance(
      ctx,
      async () => ({ ok: false }),
      () => false,
    );
    await expect(
      timeCertificateIssuance(
        ctx,
        async () => Promise.reject(new Error("ca down")),
        () => true,
      ),
    ).rejects.toThrow();
    const counts = await controlPlaneMetrics(ctx.metrics).certIssued.get();
    expect(Object.fromEntries(counts.values.map((v) => [v.labels.outcome, v.value]))).toEqual({
      issued: 1,
      refused: 2,
    });
  });
});
