import { describe, expect, it } from "vitest";
import { backoffMs, RetryBudget } from "./retry-budget.ts";

describe("retry budget", () => {
  it("allows percent of requests plus the per-second floor over the ttl", () => {
    const b = new RetryBudget({ percent: 20, minRetriesPerSecond: 10, ttlMs: 10_000 }, 0);
    for (let i = 0; i < 1000; i++) b.deposit(0);
    let granted = 0;
    while (b.withdraw(0)) granted++;
    expect(granted).toBe(300); // 20% of 1000 + 10/s × 10 s
  });

  it("refuses everything with a zero budget", () => {
    const b = new RetryBudget({ percent: 0, minRetriesPerSecond: 0, ttlMs: 10_000 }, 0);
    b.deposit(0);
    expect(b.withdraw(0)).toBe(false);
  });

  it("forgets old requests and retries after the ttl", () => {
    const b = new RetryBudget({ percent: 50, minRetriesPerSecond: 0, ttlMs: 1000 }, 0);
    for (let i = 0; i < 10; i++) b.deposit(0);
    let granted = 0;
    while (b.withdraw(10)) granted++;
    expect(granted).toBe(5);
    expect(b.withdraw(500)).toBe(false); // still inside the window
    for (let i = 0; i < 10; i++) b.deposit(2_000);
    expect(b.withdraw(2_000)).toBe(true); // old retries no longer count
  });
});

describe("backoff", () => {
  it("grows exponentially up to the cap, jittered, never below the base", () => {
    expect(backoffMs(1, 25, 250, 0.999)).toBe(25);
    expect(backoffMs(2, 25, 250, 0.999)).toBe(49);
    expect(backoffMs(3, 25, 250, 0.999)).toBe(99);
    expect(backoffMs(10, 25, 250, 0.999)).toBe(249);
    expect(backoffMs(3, 25, 250, 0)).toBe(25);
    expect(backoffMs(4, 200, 150, 0.5)).toBe(200); // a max below the base: the base
  });
});
