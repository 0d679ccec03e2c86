import { describe, expect, it } from "vitest";
import { AdmissionGate, type Ticket } from "./admission.ts";

describe("circuit breaker admission", () => {
  it("admits up to the concurrency limit, queues up to the pending limit, refuses the rest", () => {
    const gate = new AdmissionGate({ maxConcurrentRequests: 2, maxConnections: 100, maxPendingRequests: 1 });
    const tickets: Ticket[] = [];
    const admit = (t: Ticket) => tickets.push(t);
    expect(gate.enter(false, admit).state).toBe("admitted");
    expect(gate.enter(false, admit).state).toBe("admitted");
    expect(gate.enter(false, admit).state).toBe("queued");
    expect(gate.enter(false, admit).state).toBe("rejected");
    expect(tickets).toHaveLength(2);
    tickets[0]!.release();
    expect(tickets).toHaveLength(3); // the queued one went in
    expect(gate.inFlight).toBe(2);
    tickets[0]!.release(); // twice is harmless
    expect(gate.inFlight).toBe(2);
  });

  it("caps HTTP/1.1 requests by connections but not multiplexed ones", () => {
    const gate = new AdmissionGate({ maxConcurrentRequests: 10, maxConnections: 1, maxPendingRequests: 0 });
    const admit = () => {};
    expect(gate.enter(true, admit).state).toBe("admitted");
    expect(gate.enter(true, admit).state).toBe("rejected");
    expect(gate.enter(false, admit).state).toBe("admitted");
  });

  it("drops a cancelled waiter from the queue", () => {
    const gate = new AdmissionGate({ maxConcurrentRequests: 1, maxConnections: 100, maxPendingRequests: 1 });
    let first: Ticket | undefined;
    gate.enter(false, (t) => {
      first = t;
    });
    const q = gate.enter(false, () => {
      throw new Error("must not be admitted");
    });
    if (q.state !== "queued") throw new Error("expected queued");
    q.cancel();
    expect(gate.pending).toBe(0);
    first!.release();
    expect(gate.inFlight).toBe(0);
  });
});
