import { waitFor } from "@trellis/proxy-core/wait-for";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KubeDiscovery } from "../src/discovery/kube-discovery.ts";
import type { DiscoveredServices } from "../src/discovery/types.ts";
import { FakeControlPlane } from "../src/testing/fake-control-plane.ts";
import { FakeKubeApi, kubeEndpointSlice, kubeService } from "../src/testing/fake-kube-api.ts";
import { Harness, memoryLogger } from "./harness.ts";

const h = new Harness();
let kube: FakeKubeApi;
let updates: DiscoveredServices[];
let discovery: KubeDiscovery;

const latest = () => updates.at(-1);
const svc = (name: string, ns = "shop") =>
  latest()?.services.find((s) => s.name === name && s.namespace === ns);

beforeEach(async () => {
  kube = await FakeKubeApi.start();
  h.defer(() => kube.close());
  kube.upsert(
    "services",
    kubeService(
      "shop",
      "web",
      [
        { port: 80, name: "http" },
        { port: 9090, name: "grpc-admin" },
      ],
      {
        "trellis.dev/inbound-port": "4200",
        "trellis.dev/service-account": "web-sa",
      },
    ),
  );
  kube.upsert("services", kubeService("shop", "db", [{ port: 5432, name: "pg", appProtocol: "tcp" }]));
  kube.upsert("services", kubeService("kube-system", "kube-dns", [{ port: 53, name: "dns" }]));
  kube.upsert(
    "endpointslices",
    kubeEndpointSlice("shop", "web", "web-abc", [
      ["10.0.0.1", "web-1"],
      ["10.0.0.2", "web-2", false],
    ]),
  );
  kube.upsert("endpointslices", kubeEndpointSlice("shop", "db", "db-abc", [["10.0.1.1", "db-0"]]));
  updates = [];
  discovery = new KubeDiscovery(
    kube.kubeConfig(),
    { debounceMs: 20, backoff: { baseMs: 50, capMs: 300 } },
    (u) => updates.push(u),
    memoryLogger(),
  );
  h.defer(() => discovery.stop());
  await discovery.start();
  await waitFor(() => svc("web") && svc("db"), { what: "initial discovery" });
});
afterEach(() => h.cleanup());

describe("kubernetes discovery", () => {
  it("maps Services and EndpointSlices, with the inbound port and service account from annotations", async () => {
    expect(svc("web")).toEqual({
      name: "web",
      namespace: "shop",
      ports: [
        { port: 80, protocol: "http", name: "http" },
        { port: 9090, protocol: "grpc", name: "grpc-admin" },
      ],
      endpoints: [
        {
          address: "10.0.0.1",
          port: 4200,
          serviceAccount: "web-sa",
          workload: "web-1",
          ready: true,
          vmName: "",
        },
        {
          address: "10.0.0.2",
          port: 4200,
          serviceAccount: "web-sa",
          workload: "web-2",
          ready: false,
          vmName: "",
        },
      ],
    });
    expect(svc("db")?.ports?.[0]).toMatchObject({ protocol: "tcp" });
    expect(svc("db")?.endpoints?.[0]).toMatchObject({ port: 4143, serviceAccount: "db" });
    expect(latest()!.services.some((s) => s.namespace === "kube-system")).toBe(false);
    // The watches start right after the lists; under load they may land after the first update.
    const watches = await waitFor(() => {
      const w = kube.requests.filter((r) => r.watch);
      return w.length >= 2 ? w : null;
    });
    expect(watches.every((r) => r.bookmarks && r.resourceVersion !== "")).toBe(true);
  });

  it("follows ADDED, MODIFIED and DELETED events without re-listing", async () => {
    kube.upsert("services", kubeService("shop", "cart", [{ port: 8080, name: "http2-api" }]));
    kube.upsert("endpointslices", kubeEndpointSlice("shop", "cart", "cart-1", [["10.0.2.1", "cart-1"]]));
    await waitFor(() => svc("cart")?.endpoints?.length === 1, { what: "cart added" });
    expect(svc("cart")?.ports?.[0]?.protocol).toBe("http2");
    kube.upsert(
      "endpointslices",
      kubeEndpointSlice("shop", "cart", "cart-1", [
        ["10.0.2.1", "cart-1"],
        ["10.0.2.2", "cart-2"],
      ]),
    );
    await waitFor(() => svc("cart")?.endpoints?.length === 2, { what: "cart scaled" });
    kube.remove("services", "shop", "db");
    await waitFor(() => !svc("db"), { what: "db deleted" });
    expect(kube.count("services", "list")).toBe(1);
    expect(kube.count("endpointslices", "list")).toBe(1);
  });

  it("re-lists after a 410 Gone mid-watch and picks up what the watch missed", async () => {
    kube.upsert("services", kubeService("shop", "missed", [{ port: 80 }]), { silent: true });
    kube.compact();
    kube.expireWatches();
    await waitFor(() => svc("missed"), { what: "missed service after re-list" });
    expect(kube.count("services", "list")).toBe(2);
  });

  it("re-lists when a resumed watch's version is too old (410 at watch start)", async () => {
    kube.remove("services", "shop", "db", { silent: true });
    kube.compact();
    kube.dropWatches();
    await waitFor(() => latest() && !svc("db"), { what: "deletion seen through re-list" });
    expect(kube.count("services", "list")).toBe(2);
  });

  it("resumes a dropped watch from its last version without re-listing", async () => {
    const watchesBefore = kube.count("services", "watch");
    kube.dropWatches();
    kube.upsert("services", kubeService("shop", "late", [{ port: 80 }]));
    await waitFor(() => svc("late"), { what: "event after the drop" });
    expect(kube.count("services", "watch")).toBeGreaterThan(watchesBefore);
    expect(kube.count("services", "list")).toBe(1);
  });

  it("moves its version forward on bookmarks, so a resumed watch starts there", async () => {
    // Changes in other namespaces' objects are invisible to us but move the version.
    kube.upsert("services", kubeService("elsewhere", "x", [{ port: 80 }]), { silent: true });
    const bookmarkVersion = kube.resourceVersion;
    kube.bookmark();
    await waitFor(() => discovery.status().reflectors.services.version === bookmarkVersion, {
      what: "bookmark read",
    });
    kube.compact(); // anything older than the bookmark now answers 410
    kube.dropWatches();
    await waitFor(() => kube.requests.filter((r) => r.kind === "services" && r.watch).length >= 2, {
      what: "re-watch",
    });
    const rewatch = kube.requests.filter((r) => r.kind === "services" && r.watch).at(-1)!;
    expect(rewatch.resourceVersion).toBe(bookmarkVersion);
    expect(kube.count("services", "list")).toBe(1);
  });
});

describe("kubernetes discovery through the connector", () => {
  it("sends the discovered services up the tunnel", async () => {
    const cp = await FakeControlPlane.start({ joinTokens: ["jt"] });
    h.defer(() => cp.stop());
    const c = h.connector(
      { controlPlane: cp.url, stateDir: await h.tempDir(), discovery: "kubernetes", joinToken: "jt" },
      { kubeConfig: kube.kubeConfig() },
    );
    await c.start();
    const first = await waitFor(() => cp.messages("discovery").at(-1), { what: "discovery update" });
    expect(first.services.map((s) => `${s.namespace}/${s.name}`)).toEqual(["shop/db", "shop/web"]);
    expect(cp.hellos[0]!.discoveryMode).toBe("kubernetes");
    kube.upsert("services", kubeService("shop", "new", [{ port: 80 }]));
    await waitFor(() =>
      cp
        .messages("discovery")
        .at(-1)!
        .services.some((s) => s.name === "new"),
    );
  });
});
