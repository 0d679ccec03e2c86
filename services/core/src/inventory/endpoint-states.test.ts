import { describe, expect, it } from "vitest";
import {
  applyEndpointStates,
  type EndpointStates,
  endpointKey,
  sameEndpointStates,
} from "./endpoint-states.ts";

const ep = (workload: string, ready = true) => ({ address: `10.0.0.${workload.length}`, workload, ready });

describe("applyEndpointStates", () => {
  const states: EndpointStates = new Map([
    [endpointKey("clu_1", "shop", "gone-0"), "gone"],
    [endpointKey("clu_1", "shop", "draining-0"), "not_ready"],
  ]);

  it("leaves out gone workloads and marks starting/draining ones not ready", () => {
    expect(
      applyEndpointStates([ep("gone-0"), ep("draining-0"), ep("web-0")], "clu_1", "shop", states),
    ).toEqual([ep("draining-0", false), ep("web-0")]);
  });

  it("matches by cluster and namespace too, and leaves unnamed endpoints alone", () => {
    expect(applyEndpointStates([ep("gone-0")], "clu_2", "shop", states)).toEqual([ep("gone-0")]);
    expect(applyEndpointStates([ep("gone-0")], "clu_1", "other", states)).toEqual([ep("gone-0")]);
    expect(applyEndpointStates([ep("")], "clu_1", "shop", states)).toEqual([ep("")]);
  });
});

describe("sameEndpointStates", () => {
  it("compares readings as sets", () => {
    const a: EndpointStates = new Map([["k1", "gone"]]);
    expect(sameEndpointStates(a, new Map([["k1", "gone"]]))).toBe(true);
    expect(sameEndpointStates(a, new Map([["k1", "not_ready"]]))).toBe(false);
    expect(sameEndpointStates(a, new Map())).toBe(false);
  });
});
