import { describe, expect, it } from "vitest";
import { EdgeTable } from "./edges.ts";

describe("EdgeCounters report windows", () => {
  it("counts a request in the window it completes in, so one in flight is never a failure", () => {
    const edge = new EdgeTable().get("outbound", "", "api", "shop", "");
    edge.request();
    edge.request();
    edge.response(200, "success", 3);
    // One finished, one still in flight when the window is taken: 1 request, 1 success.
    expect(edge.takeWindow()).toMatchObject({ requests: 1, successes: 1 });
    edge.response(200, "success", 900);
    expect(edge.takeWindow()).toMatchObject({ requests: 1, successes: 1 });
    expect(edge.requests).toBe(2);
  });

  it("counts an opaque TCP connection in the window it opened in", () => {
    const edge = new EdgeTable().get("outbound", "", "db", "shop", "");
    edge.connection();
    expect(edge.takeWindow()).toMatchObject({ requests: 1, successes: 0 });
  });
});
