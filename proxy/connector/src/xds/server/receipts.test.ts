import { describe, expect, it } from "vitest";
import { TypeReceipts } from "./receipts.ts";

describe("per-type receipts", () => {
  it("an ACK applies the version its nonce carried; a stale or unknown nonce changes nothing", () => {
    const r = new TypeReceipts();
    r.sent("a", 3, true);
    expect(r.applied).toBe(0);
    expect(r.ack("zzz")).toBeNull();
    expect(r.ack("a")).toBe(3);
    expect(r.applied).toBe(3);
    r.sent("b", 4, true);
    r.sent("c", 5, true); // state of the world: b is superseded
    expect(r.isPending("b")).toBe(false);
    expect(r.ack("c")).toBe(5);
  });

  it("a type with nothing to send is current once nothing is in flight — unless the last send was refused", () => {
    const r = new TypeReceipts();
    r.sent("a", 1, false);
    r.unchanged(2);
    expect(r.applied).toBe(0); // a is still in flight
    r.ack("a");
    expect(r.applied).toBe(2);
    r.sent("b", 3, false);
    expect(r.nack("b")).toBe(3);
    expect(r.applied).toBe(2); // the client still runs what it had
    r.unchanged(4); // 4 is, for this type, the refused 3: not applied either
    expect(r.applied).toBe(2);
    r.sent("c", 5, false);
    r.ack("c");
    expect(r.applied).toBe(5);
  });
});
