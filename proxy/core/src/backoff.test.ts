import { describe, expect, it } from "vitest";
import { backoffDelayMs, ReconnectSchedule } from "./backoff.ts";

describe("backoffDelayMs", () => {
  it("draws uniformly below min(cap, base·2^attempt)", () => {
    expect(backoffDelayMs(0, { baseMs: 250, capMs: 5000 }, () => 0.999)).toBe(249);
    expect(backoffDelayMs(3, { baseMs: 250, capMs: 5000 }, () => 0.5)).toBe(1000);
    expect(backoffDelayMs(40, { baseMs: 250, capMs: 5000 }, () => 0.999)).toBe(4995);
    expect(backoffDelayMs(40, { baseMs: 250, capMs: 5000 }, () => 0)).toBe(0);
  });
});

describe("ReconnectSchedule", () => {
  const opts = { baseMs: 100, capMs: 1000, healthyAfterMs: 5000 };

  it("grows the ceiling with each failure up to the cap", () => {
    const s = new ReconnectSchedule(
      opts,
      () => 0,
      () => 0.999,
    );
    const delays = Array.from({ length: 6 }, () => s.nextDelayMs());
    expect(delays).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it("starts again from the base after a connection that stayed up long enough", () => {
    let now = 0;
    const s = new ReconnectSchedule(
      opts,
      () => now,
      () => 0.999,
    );
    for (let i = 0; i < 5; i++) s.nextDelayMs();
    s.connected();
    now += 5000;
    expect(s.nextDelayMs()).toBe(99);
  });

  it("keeps growing after a connection that died at once (a flapping server)", () => {
    let now = 0;
    const s = new ReconnectSchedule(
      opts,
      () => now,
      () => 0.999,
    );
    for (let i = 0; i < 3; i++) s.nextDelayMs();
    s.connected();
    now += 100;
    expect(s.nextDelayMs()).toBe(799);
    expect(s.failures).toBe(4);
  });
});
