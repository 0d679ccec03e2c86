import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BillingPlane,
  billingPlane,
  connectCluster,
  liveProxies,
  report,
  reportStored,
  upgrade,
} from "./setup.ts";

// Proxy-hours: a proxy listed in any report during an hour counts once for that hour; each
// closed hour is reported to Stripe's meter once, whatever fails in between.
let plane: BillingPlane;
let customer: string;

const pass = () => plane.cp.cp.billingJob!.runOnce();
const at = (iso: string) => plane.clock.set(iso);
const meterRequests = () => plane.stripe.requestsTo("POST", "/v1/billing/meter_events");

beforeAll(async () => {
  plane = await billingPlane({ BILLING_METER_DELAY_MS: "300000", BILLING_RETRY_BASE_MS: "60000" });
  at("2026-03-02T09:55:00Z");
  ({ customer } = await upgrade(plane));
  await plane.owner.post("/v1/meshes", { name: "shop" });
});
afterAll(() => plane?.stop());

describe("metering proxy-hours into Stripe", () => {
  it("3 proxies over 2 hours are exactly 6 proxy-hours, reported once though the meter call fails", async () => {
    const { sim } = await connectCluster(plane, "shop", "east");
    const proxies = ["prx_a", "prx_b", "prx_c"];
    // Many reports per hour (connectors report every few seconds): still one proxy-hour each.
    for (const time of ["10:00:05", "10:20:00", "10:59:58", "11:00:03", "11:30:00", "11:59:59"]) {
      at(`2026-03-02T${time}Z`);
      await reportStored(plane, sim, { mesh: "shop", cluster: "east" }, proxies);
    }
    at("2026-03-02T12:00:02Z");
    report(sim, []); // the proxies stop
    await liveProxies(plane, 0);
    expect((await plane.owner.get("/v1/billing")).body.usage).toMatchObject({
      proxyHours: 6,
      hours: [
        { hour: "2026-03-02T10:00:00.000Z", proxyHours: 3 },
        { hour: "2026-03-02T11:00:00.000Z", proxyHours: 3 },
      ],
    });

    // 12:02: the 11:00 hour is not closed yet (5-minute delay for late reports).
    at("2026-03-02T12:02:00Z");
    expect(await pass()).toMatchObject({ closed: 1, reported: 1 });

    // 12:06: 11:00 closes. Its first attempt meets a 500 that Stripe stores under the
    // attempt's idempotency key: the SDK's own retries get the same 500 back.
    at("2026-03-02T12:06:00Z");
    plane.stripe.fail("POST", "/v1/billing/meter_events", "server-error");
    const before = meterRequests().length;
    expect(await pass()).toMatchObject({ closed: 1, reported: 0, retrying: 1 });
    expect(meterRequests().length - before).toBe(3);
    expect(plane.stripe.meterTotal(customer)).toBe(3);

    // Not before the backoff; then a new attempt, new key, same identifier: Stripe applies
    // it but the answer is lost; the SDK retries under that key and gets the stored answer.
    expect(await pass()).toMatchObject({ reported: 0, retrying: 0 });
    plane.clock.advance(61_000);
    plane.stripe.fail("POST", "/v1/billing/meter_events", "lost-answer");
    expect(await pass()).toMatchObject({ reported: 1, retrying: 0 });
    expect(meterRequests().at(-1)!.replayed).toBe(true);

    expect(plane.stripe.meterTotal(customer)).toBe(6);
    expect(plane.stripe.state.meterEvents.map((e) => [e.timestamp, e.payload.value])).toEqual([
      [Date.parse("2026-03-02T10:00:00Z") / 1000, "3"],
      [Date.parse("2026-03-02T11:00:00Z") / 1000, "3"],
    ]);
    for (const e of plane.stripe.state.meterEvents) {
      expect(e.event_name).toBe("trellis_proxy_hours");
      expect(e.payload.stripe_customer_id).toBe(customer);
      expect(e.identifier).toBe(`trellis:${plane.orgId}:${new Date(e.timestamp * 1000).toISOString()}`);
    }
    sim.close();
  });

  it("a resend after a crash (Stripe already holds the hour) counts as delivered, never twice", async () => {
    // The process died after Stripe accepted 10:00 but before the ledger said so.
    await plane.cp.database.db.execute(
      `update usage_reports set status = 'pending', next_attempt_at = '2026-03-02T00:00:00Z' where org_id = '${plane.orgId}'`,
    );
    plane.clock.advance(60_000);
    expect(await pass()).toMatchObject({ reported: 2, retrying: 0 });
    expect(plane.stripe.meterTotal(customer)).toBe(6);
    expect(plane.stripe.state.meterEvents).toHaveLength(2);
  });

  it("after an outage every unreported hour is reconciled on the next pass", async () => {
    const { sim } = await connectCluster(plane, "shop", "west");
    for (const time of ["13:10:00", "14:10:00", "15:10:00"]) {
      at(`2026-03-02T${time}Z`);
      await reportStored(plane, sim, { mesh: "shop", cluster: "west" }, ["prx_w1", "prx_w2"]);
    }
    sim.close();
    // Stripe unreachable for a whole pass (the SDK's retries included): nothing is lost.
    at("2026-03-02T16:10:00Z");
    plane.stripe.fail("POST", "/v1/billing/meter_events", ...Array<"unreachable">(9).fill("unreachable"));
    expect(await pass()).toMatchObject({ closed: 3, reported: 0, retrying: 3 });
    // Hours later, back: the three hours go out, once each.
    at("2026-03-02T19:00:00Z");
    expect(await pass()).toMatchObject({ closed: 0, reported: 3, retrying: 0 });
    expect(plane.stripe.meterTotal(customer)).toBe(6 + 3 * 2);
    const identifiers = plane.stripe.state.meterEvents.map((e) => e.identifier);
    expect(new Set(identifiers).size).toBe(identifiers.length);
  });
});
