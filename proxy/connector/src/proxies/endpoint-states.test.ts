import { describe, expect, it } from "vitest";
import { sampleSnapshot } from "../testing/sample-snapshot.ts";
import { identityOf, sampleSnapshotV2, v2Cluster, v2Endpoint } from "../testing/sample-snapshot-v2.ts";
import { unavailableEndpoints } from "./endpoint-states.ts";

describe("unavailableEndpoints", () => {
  const td = "spiffe://demo.mesh.local";
  const snapshot = {
    ...sampleSnapshot(1),
    services: [
      {
        name: "catalog",
        namespace: "default",
        hostnames: ["catalog"],
        ports: [{ port: 80, protocol: "http" as const }],
        loadBalancer: "p2c-ewma" as const,
        endpoints: [
          {
            address: "10.0.0.1",
            port: 4143,
            identity: `${td}/ns/default/sa/catalog`,
            cluster: "c",
            ready: true,
            workload: "catalog-v1",
          },
          {
            address: "10.0.0.2",
            port: 4143,
            identity: `${td}/ns/default/sa/catalog`,
            cluster: "c",
            ready: true,
            workload: "catalog-v2",
          },
          {
            address: "10.0.0.3",
            port: 4143,
            identity: `${td}/ns/default/sa/catalog`,
            cluster: "c",
            ready: true,
          },
        ],
      },
      {
        name: "catalog-v1",
        namespace: "default",
        hostnames: ["catalog-v1"],
        ports: [{ port: 80, protocol: "http" as const }],
        loadBalancer: "p2c-ewma" as const,
        endpoints: [
          {
            address: "10.0.0.1",
            port: 4143,
            identity: `${td}/ns/default/sa/catalog`,
            cluster: "c",
            ready: true,
            workload: "catalog-v1",
          },
        ],
      },
    ],
  };

  it("names every endpoint of a draining proxy's workload once, in any service that lists it", () => {
    const out = unavailableEndpoints({ v1: snapshot, v2: null }, [
      {
        namespace: "default",
        workload: "catalog-v1",
        identity: `${td}/ns/default/sa/catalog`,
        state: "draining",
      },
    ]);
    expect(out).toEqual([{ address: "10.0.0.1", port: 4143, reason: "draining" }]);
  });

  it("leaves out nothing for another namespace, another identity or an endpoint without a workload", () => {
    expect(
      unavailableEndpoints({ v1: snapshot, v2: null }, [
        { namespace: "shop", workload: "catalog-v1", identity: "", state: "gone" },
        {
          namespace: "default",
          workload: "catalog-v2",
          identity: `${td}/ns/default/sa/other`,
          state: "gone",
        },
      ]),
    ).toEqual([]);
  });

  it("is empty without a snapshot or without proxies to leave out", () => {
    expect(
      unavailableEndpoints(undefined, [
        { namespace: "default", workload: "catalog-v1", identity: "", state: "gone" },
      ]),
    ).toEqual([]);
    expect(unavailableEndpoints({ v1: snapshot, v2: null }, [])).toEqual([]);
  });

  it("reads the endpoints of a v2 snapshot (its clusters) when the connector holds one", () => {
    const v2 = sampleSnapshotV2(1, {
      clusters: [v2Cluster("web", [{ ...v2Endpoint("10.0.0.9", 4143, "web"), workload: "web-0" }])],
    });
    const out = unavailableEndpoints({ v1: null, v2 }, [
      { namespace: "default", workload: "web-0", identity: identityOf("web"), state: "gone" },
    ]);
    expect(out).toEqual([{ address: "10.0.0.9", port: 4143, reason: "gone" }]);
  });
});
