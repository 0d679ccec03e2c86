import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, parseConfig, silentLogger } from "@trellis/connector";
import { FakeKubeApi, kubeEndpointSlice, kubeService } from "@trellis/connector/testing/fake-kube-api";
import {
  signedUpClient,
  startTestControlPlane,
  type TestClient,
  type TestControlPlane,
} from "@trellis/control-plane/testing";
import { gatewayApiRouteCrds, resourceCrds } from "@trellis/protocol/install";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../support/wait-for.ts";

// Issue 20, CRD sync, end to end: the real connector (in process) watches a stand-in
// Kubernetes API that speaks the real list/watch protocol (bookmarks, 410 Gone) through
// @kubernetes/client-node, syncs the custom resources over the real tunnel to a real
// control plane, and writes the conditions back through the status subresource.
const routes = "httproutes.gateway.networking.k8s.io";
const retries = "retrypolicies.trellis.dev";
let cp: TestControlPlane;
let owner: TestClient;
let kube: FakeKubeApi;
let dir: string;
let connector: ReturnType<typeof build>;

const route = (name: string, backend = "web") => ({
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: {
    name,
    namespace: "shop",
    annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}" },
  },
  spec: {
    parentRefs: [{ group: "", kind: "Service", name: "web" }],
    rules: [{ backendRefs: [{ name: backend, port: 8080 }] }],
  },
});
const apiItem = (kind: string, name: string) => `/v1/meshes/k8s/namespaces/shop/resources/${kind}/${name}`;
type Cond = { type: string; status: string; reason: string; message: string; observedGeneration: number };
const parentConditions = (name: string) =>
  (
    kube.get(routes, "shop", name)?.status as { parents?: { controllerName: string; conditions: Cond[] }[] }
  )?.parents?.find((p) => p.controllerName === "trellis.dev/mesh")?.conditions;
const condition = (list: Cond[] | undefined, type: string) => list?.find((c) => c.type === type);

beforeAll(async () => {
  cp = await startTestControlPlane();
  owner = (await signedUpClient(cp.url)).client;
  expect((await owner.post("/v1/meshes", { name: "k8s" })).status).toBe(201);
  const cluster = await owner.post("/v1/meshes/k8s/clusters", { name: "east" });
  expect(cluster.status).toBe(201);
  kube = await FakeKubeApi.start();
  kube.installCrds([...resourceCrds(), ...gatewayApiRouteCrds()] as never[]);
  kube.upsert(
    "services",
    kubeService("shop", "web", [{ port: 8080, name: "http", appProtocol: "http" }], {}, "10.96.0.10"),
  );
  kube.upsert("endpointslices", kubeEndpointSlice("shop", "web", "web-1", [["10.0.0.7", "web-1"]]));
  dir = await mkdtemp(join(tmpdir(), "trellis-crd-sync-"));
  const config = parseConfig([
    `--control-plane=${cp.tunnelUrl}`,
    `--join-token=${cluster.body.joinToken.token}`,
    `--state-dir=${join(dir, "state")}`,
    "--discovery=kubernetes",
    "--listen=127.0.0.1:0",
    "--max-backoff-ms=500",
  ]);
  connector = build(
    { ...config, tuning: { ...config.tuning, resourceResyncMs: 1_000, discoveryDebounceMs: 20 } },
    { logger: silentLogger, kubeConfig: kube.kubeConfig() },
  );
  await connector.start();
}, 60_000);

afterAll(async () => {
  await connector?.stop();
  await kube?.close();
  await cp?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("custom resources synced from the cluster", () => {
  it("a kubectl-applied HTTPRoute becomes the cluster's resource, with its conditions written to status", async () => {
    kube.upsert(routes, route("canary"));
    const got = await waitFor(
      async () => {
        const r = await owner.get(apiItem("HTTPRoute", "canary"));
        return r.status === 200 && r.body;
      },
      { what: "the route in the API", timeoutMs: 20_000 },
    );
    expect(got.owner).toMatchObject({ kind: "cluster", cluster: "east" });
    // kubectl's bookkeeping annotation stays in the cluster.
    expect(got.annotations ?? {}).not.toHaveProperty("kubectl.kubernetes.io/last-applied-configuration");
    const conditions = await waitFor(
      () => {
        const c = parentConditions("canary");
        return condition(c, "ResolvedRefs")?.status === "True" ? c : null;
      },
      { what: "Accepted/ResolvedRefs on the route's status", timeoutMs: 20_000 },
    );
    expect(conditions.map((c) => [c.type, c.status])).toEqual([
      ["Accepted", "True"],
      ["ResolvedRefs", "True"],
      ["Programmed", expect.any(String)],
    ]);
    expect(conditions[0]!.observedGeneration).toBe(1);
    // Written through the status subresource, never by replacing the object.
    const writes = kube.requests.filter((r) => r.kind === routes && r.method !== "GET");
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((r) => r.status)).toBe(true);
    // Informer-style: the watch asks for bookmarks and resumes from the list's version.
    const watches = kube.requests.filter((r) => r.kind === routes && r.watch);
    expect(watches.every((r) => r.bookmarks && r.resourceVersion !== "")).toBe(true);
  });

  it("the API cannot change it: a 409 naming the owning cluster", async () => {
    const put = await owner.put(apiItem("HTTPRoute", "canary"), route("canary", "web-v2"));
    expect(put.status).toBe(409);
    expect(put.body.detail).toMatch(/owned by cluster east/);
    const del = await owner.delete(apiItem("HTTPRoute", "canary"));
    expect(del.status).toBe(409);
  });

  it("a spec change in the cluster reaches the mesh, and the conditions observe the new generation", async () => {
    kube.upsert(routes, route("canary", "web-v2"));
    await waitFor(
      async () => {
        const r = await owner.get(apiItem("HTTPRoute", "canary"));
        return r.body.spec?.rules?.[0]?.backendRefs?.[0]?.name === "web-v2";
      },
      { what: "the new backend in the API", timeoutMs: 20_000 },
    );
    const refs = await waitFor(
      () => {
        const c = condition(parentConditions("canary"), "ResolvedRefs");
        return c?.observedGeneration === 2 && c;
      },
      { what: "conditions observing generation 2", timeoutMs: 20_000 },
    );
    // web-v2 is not a service of the mesh: the API's own reason, word for word.
    expect(refs).toMatchObject({ status: "False", reason: "BackendNotFound" });
  });

  it("a cluster cannot overwrite an API-owned resource: it gets Accepted=False saying so", async () => {
    const apiOwned = route("from-api");
    const put = await owner.put(apiItem("HTTPRoute", "from-api"), apiOwned);
    expect([200, 201]).toContain(put.status);
    kube.upsert(routes, route("from-api", "web-v2"));
    const accepted = await waitFor(() => condition(parentConditions("from-api"), "Accepted"), {
      what: "a refusal on the cluster's copy",
      timeoutMs: 20_000,
    });
    expect(accepted).toMatchObject({ status: "False", reason: "OwnedByAPI" });
    expect(accepted.message).toMatch(/owned by the API/);
    const r = await owner.get(apiItem("HTTPRoute", "from-api"));
    expect(r.body.spec.rules[0].backendRefs[0].name).toBe("web");
    expect(r.body.owner).toMatchObject({ kind: "api" });
  });

  it("trellis.dev kinds sync too, with status.conditions on the object", async () => {
    kube.upsert(retries, {
      metadata: { name: "web-retries", namespace: "shop" },
      spec: { targetRef: { kind: "Service", name: "web" }, retryOn: ["5xx"], attempts: 2 },
    });
    const status = await waitFor(
      () => {
        const s = kube.get(retries, "shop", "web-retries")?.status as { conditions?: Cond[] } | undefined;
        return s?.conditions?.length ? s.conditions : null;
      },
      { what: "the RetryPolicy's conditions", timeoutMs: 20_000 },
    );
    expect(condition(status, "Accepted")).toMatchObject({ status: "True", observedGeneration: 1 });
    const got = await owner.get(apiItem("RetryPolicy", "web-retries"));
    expect(got.status).toBe(200);
    expect(got.body.owner).toMatchObject({ kind: "cluster", cluster: "east" });
  });

  it("after 410 Gone the connector re-lists, and changes keep flowing", async () => {
    const lists = kube.count(routes, "list");
    kube.compact();
    kube.expireWatches();
    kube.upsert(routes, route("after-gone"));
    await waitFor(async () => (await owner.get(apiItem("HTTPRoute", "after-gone"))).status === 200, {
      what: "a route created after the 410",
      timeoutMs: 20_000,
    });
    expect(kube.count(routes, "list")).toBeGreaterThan(lists);
  });

  it("a deletion in the cluster deletes the mesh resource", async () => {
    kube.remove(routes, "shop", "canary");
    await waitFor(async () => (await owner.get(apiItem("HTTPRoute", "canary"))).status === 404, {
      what: "the route gone from the API",
      timeoutMs: 20_000,
    });
    // The API-owned one stays: the cluster never owned it.
    const status = connector.status().resources!;
    expect(status.synced).toBe(true);
    kube.remove(routes, "shop", "from-api");
    await waitFor(() => connector.status().resources!.lastSyncId > status.lastSyncId, {
      what: "a sync after the deletion",
    });
    expect((await owner.get(apiItem("HTTPRoute", "from-api"))).status).toBe(200);
  });
});
