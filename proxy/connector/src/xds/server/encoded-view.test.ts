import { describe, expect, it } from "vitest";
import { everyFeatureSnapshot } from "../../testing/every-feature-snapshot.ts";
import type { NodeProfile } from "../translate/node-profile.ts";
import { EncodedViews } from "./encoded-view.ts";

const sidecar = (service: string, appPort: number): NodeProfile => ({
  kind: "envoy",
  service: { name: service, namespace: "default" },
  identity: null,
  certs: { dir: "/certs" },
  envoy: { outboundPort: 4140, inboundPort: 4143, appPort },
});

describe("encoded views", () => {
  it("sidecars of different services share the route table, mesh clusters and endpoints, not their listeners", () => {
    const problems: string[] = [];
    const views = new EncodedViews(
      () => {},
      (e) => problems.push(e),
    );
    views.setSnapshot(everyFeatureSnapshot(3));
    const a = views.of(sidecar("catalog", 8080))!;
    const b = views.of(sidecar("web", 9090))!;
    expect(a).not.toBe(b);
    expect(a.get("route", "trellis/outbound")).toBe(b.get("route", "trellis/outbound"));
    expect(a.get("cluster", "default/catalog-v1")).toBe(b.get("cluster", "default/catalog-v1"));
    expect(a.get("endpoint", "default/db")).toBe(b.get("endpoint", "default/db"));
    expect(a.get("cluster", "trellis/inbound/app")).not.toEqual(b.get("cluster", "trellis/inbound/app"));
    expect(a.get("listener", "trellis/inbound")!.hash).not.toBe(b.get("listener", "trellis/inbound")!.hash);
    // A proxyless client gets its own dialect of the same resources.
    const grpc = views.of({ ...sidecar("catalog", 8080), kind: "grpc-proxyless", envoy: null })!;
    expect(grpc.get("route", "trellis/outbound")!.hash).not.toBe(a.get("route", "trellis/outbound")!.hash);
    expect(problems).toEqual([]);
  });

  it("a new snapshot starts afresh; none held means no view", () => {
    const views = new EncodedViews(
      () => {},
      () => {},
    );
    expect(views.of(sidecar("web", 1))).toBeNull();
    views.setSnapshot(everyFeatureSnapshot(1));
    const first = views.of(sidecar("web", 1))!.get("route", "trellis/outbound");
    views.setSnapshot(everyFeatureSnapshot(2));
    expect(views.of(sidecar("web", 1))!.get("route", "trellis/outbound")).not.toBe(first);
  });
});
