import { parseConfigSnapshotV2 } from "@trellis/protocol/snapshot/v2";
import { describe, expect, it } from "vitest";
import { compileSnapshots } from "./compile.ts";
import { meshInput, service } from "./testing/mesh-fixtures.ts";
import { compileSnapshotsV2 } from "./v2/compile.ts";

// A service discovered in two clusters, each with its own ClusterIP, and one in east only.
const input = meshInput({
  clusters: [
    { id: "clu_1", name: "east" },
    { id: "clu_2", name: "west" },
  ],
  services: [
    service("web", { addresses: ["10.96.0.10", "fd00::a"] }),
    service("web", { cluster: "west", addresses: ["10.100.0.7"] }),
    service("db", { ports: [{ port: 5432, protocol: "tcp" }], addresses: ["10.96.0.20"] }),
  ],
});

describe("virtual IPs per cluster", () => {
  it("each cluster's v2 snapshot carries only its own cluster's ClusterIPs", () => {
    const snapshots = compileSnapshotsV2(input);
    const addresses = (cluster: string, name: string) =>
      snapshots.get(cluster)!.virtualHosts.find((v) => v.service.name === name)!.addresses;
    expect(addresses("east", "web")).toEqual(["10.96.0.10", "fd00::a"]);
    expect(addresses("west", "web")).toEqual(["10.100.0.7"]);
    expect(addresses("east", "db")).toEqual(["10.96.0.20"]);
    // west never discovered db: an IP from east would mean nothing (or another service) there.
    expect(addresses("west", "db")).toEqual([]);
    for (const s of snapshots.values()) expect(parseConfigSnapshotV2(s).ok).toBe(true);
  });

  it("v1 snapshots list the cluster's own ClusterIPs among the hostnames", () => {
    const snapshots = compileSnapshots(input);
    const hostnames = (cluster: string, name: string) =>
      snapshots.get(cluster)!.services.find((s) => s.name === name)!.hostnames;
    expect(hostnames("east", "web")).toEqual([
      "web",
      "web.shop",
      "web.shop.svc",
      "web.shop.svc.cluster.local",
      "10.96.0.10",
      "fd00::a",
    ]);
    expect(hostnames("west", "web")).toContain("10.100.0.7");
    expect(hostnames("west", "web")).not.toContain("10.96.0.10");
  });

  it("equal inputs give equal bytes, whatever the order of the reports", () => {
    const shuffled = { ...input, services: [...input.services].reverse() };
    const bytes = (i: typeof input) => JSON.stringify([...compileSnapshotsV2(i), ...compileSnapshots(i)]);
    expect(bytes(shuffled)).toBe(bytes(input));
  });
});
