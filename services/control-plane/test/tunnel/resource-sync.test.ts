import { X509Certificate } from "node:crypto";
import { makeWorkloadCsr } from "@trellis/ca/testing/csr";
import type { ResourceStatus, ResourceSyncResult } from "@trellis/protocol/tunnel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { waitFor } from "../wait-for.ts";
import { addCluster } from "./setup.ts";

// ResourceSync (a cluster's custom resources) → resources the cluster owns; the API may not
// change them (409 naming the owner), and a cluster may not take what the API or another
// cluster owns (refused in its ResourceSyncResult). WebhookCertificateRequest → a serving
// certificate for exactly `trellis-injector.<namespace>.svc`.
let cp: TestControlPlane;
let owner: TestClient;
let east: SimConnector;
let west: SimConnector;
let syncId = 0;

const route = (name: string, backend = "web", extra: Record<string, unknown> = {}) => ({
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name, namespace: "shop", labels: { team: "shop" }, ...extra },
  spec: {
    parentRefs: [{ group: "", kind: "Service", name: "web" }],
    rules: [{ backendRefs: [{ name: backend, port: 8080 }] }],
  },
});

async function sync(c: SimConnector, docs: unknown[], generation = 1): Promise<ResourceSyncResult> {
  const id = ++syncId;
  c.send({
    resourceSync: {
      syncId: id,
      resources: docs.map((d) => ({ document: Buffer.from(JSON.stringify(d)), generation })),
    },
  });
  const msg = await waitFor(() => c.received.find((m) => m.resourceSyncResult?.syncId === id), {
    what: `ResourceSyncResult ${id}`,
  });
  return msg.resourceSyncResult!;
}

const condition = (s: ResourceStatus | undefined, type: string) => s?.conditions.find((c) => c.type === type);
const version = async () => (await owner.get("/v1/meshes/sync")).body.configVersion as number;
const item = (name: string) => `/v1/meshes/sync/namespaces/shop/resources/HTTPRoute/${name}`;

beforeAll(async () => {
  cp = await startTestControlPlane();
  owner = (await signedUpClient(cp.url)).client;
  east = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, "sync", "east") });
  west = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, "sync", "west") });
  await east.welcome();
  await west.welcome();
});
afterAll(async () => {
  east.close();
  west.close();
  await cp.stop();
});

describe("resources synced from a cluster", () => {
  it("are created owned by the cluster, with conditions observing the cluster's generation", async () => {
    const before = await version();
    const result = await sync(east, [route("canary")], 3);
    expect(result.resources).toHaveLength(1);
    const status = result.resources[0]!;
    expect(status).toMatchObject({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      namespace: "shop",
      name: "canary",
      observedGeneration: 3,
    });
    expect(condition(status, "Accepted")).toMatchObject({ status: "True", reason: "Accepted" });
    // No cluster discovered shop/web: the API's own ResolvedRefs says so, word for word.
    const refs = condition(status, "ResolvedRefs")!;
    expect(refs).toMatchObject({ status: "False", reason: "BackendNotFound" });
    expect(refs.message).toMatch(/parentRef shop\/web .*no cluster has discovered this service/);
    expect(status.conditions.map((c) => c.type)).toEqual(["Accepted", "ResolvedRefs", "Programmed"]);
    const got = await owner.get(item("canary"));
    expect(got.status).toBe(200);
    expect(got.body.owner).toMatchObject({ kind: "cluster", cluster: "east" });
    expect(got.body.labels).toEqual({ team: "shop" });
    expect(await version()).toBe(before + 1);
  });

  it("an API edit or delete of a cluster-owned resource is a 409 naming the cluster and what to do", async () => {
    const put = await owner.put(item("canary"), route("canary", "web-v2"));
    expect(put.status).toBe(409);
    expect(put.body.detail).toMatch(/HTTPRoute shop\/canary is owned by cluster east/);
    expect(put.body.detail).toMatch(/Edit it in the cluster/);
    const dryRun = await owner.put(`${item("canary")}?dryRun=All`, route("canary", "web-v2"));
    expect(dryRun.status).toBe(409);
    const del = await owner.delete(item("canary"));
    expect(del.status).toBe(409);
    expect(del.body.detail).toMatch(/may not delete it.*delete it in the cluster first/s);
    expect((await owner.get(item("canary"))).body.spec.rules[0].backendRefs[0].name).toBe("web");
  });

  it("a resync of the same objects changes nothing; a changed spec bumps the generation and the version", async () => {
    const before = await version();
    await sync(east, [route("canary")], 3);
    expect(await version()).toBe(before);
    expect((await owner.get(item("canary"))).body.generation).toBe(1);
    const changed = await sync(east, [route("canary", "web-v2")], 4);
    expect(changed.resources[0]!.observedGeneration).toBe(4);
    const got = await owner.get(item("canary"));
    expect(got.body.generation).toBe(2);
    expect(got.body.spec.rules[0].backendRefs[0].name).toBe("web-v2");
    expect(await version()).toBe(before + 1);
  });

  it("refuses what the API owns, telling the cluster how to hand it over", async () => {
    expect((await owner.put(item("api-route"), route("api-route"))).status).toBe(201);
    const result = await sync(east, [route("canary", "web-v2"), route("api-route", "other")], 4);
    const refused = condition(result.resources[1], "Accepted")!;
    expect(refused).toMatchObject({ status: "False", reason: "OwnedByAPI" });
    expect(refused.message).toMatch(/owned by the API.*trellis delete HTTPRoute api-route -n shop/s);
    const got = await owner.get(item("api-route"));
    expect(got.body.owner).toEqual({ kind: "api" });
    expect(got.body.spec.rules[0].backendRefs[0].name).toBe("web");
  });

  it("refuses what another cluster owns, naming it", async () => {
    const result = await sync(west, [route("canary", "west-backend")]);
    const refused = condition(result.resources[0], "Accepted")!;
    expect(refused).toMatchObject({ status: "False", reason: "OwnedByCluster" });
    expect(refused.message).toMatch(/owned by cluster east/);
    expect((await owner.get(item("canary"))).body.spec.rules[0].backendRefs[0].name).toBe("web-v2");
  });

  it("refuses MeshSettings (mesh-wide, the API's) and invalid objects, keeping the last valid version", async () => {
    const settings = {
      apiVersion: "trellis.dev/v1",
      kind: "MeshSettings",
      metadata: { name: "default" },
      spec: { mtls: { mode: "permissive" } },
    };
    const bad = route("canary", "web-v3");
    (bad.spec.rules[0] as Record<string, unknown>).timeouts = { request: "forever" };
    const result = await sync(east, [bad, settings], 5);
    const invalid = condition(result.resources[0], "Accepted")!;
    expect(invalid).toMatchObject({ status: "False", reason: "Invalid" });
    expect(invalid.message).toMatch(/\/spec\/rules\/0\/timeouts\/request/);
    expect(invalid.message).toMatch(/the mesh keeps its last valid version/);
    expect(condition(result.resources[1], "Accepted")).toMatchObject({
      status: "False",
      reason: "OwnedByAPI",
    });
    expect(condition(result.resources[1], "Accepted")!.message).toMatch(/MeshSettings is mesh-wide/);
    expect((await owner.get(item("canary"))).body.spec.rules[0].backendRefs[0].name).toBe("web-v2");
    expect((await owner.get("/v1/meshes/sync")).body.settings.mtls.mode).toBe("strict");
  });

  it("leaves routes for ingress Gateways alone: no status to write", async () => {
    const gatewayRoute = route("ingress");
    gatewayRoute.spec.parentRefs = [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "public" }];
    const result = await sync(east, [route("canary", "web-v2"), gatewayRoute]);
    expect(result.resources[1]).toMatchObject({ name: "ingress", conditions: [] });
    expect((await owner.get(item("ingress"))).status).toBe(404);
  });

  it("deletes what the cluster no longer declares, and audits the cluster's changes", async () => {
    const before = await version();
    const result = await sync(east, []);
    expect(result.resources).toEqual([]);
    expect((await owner.get(item("canary"))).status).toBe(404);
    expect((await owner.get(item("api-route"))).status).toBe(200); // not the cluster's to delete
    expect(await version()).toBe(before + 1);
    const audit = (await owner.get("/v1/audit?limit=20")).body.items as {
      action: string;
      actorLabel: string;
      details: { name?: string };
    }[];
    const byCluster = audit.filter((e) => e.actorLabel === "cluster east").map((e) => e.action);
    expect(byCluster).toEqual(["resource.delete", "resource.update", "resource.create"]);
  });

  it("a deleted cluster hands its resources to the API", async () => {
    const gone = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, "sync", "gone") });
    await gone.welcome();
    await sync(gone, [route("orphan")]);
    expect((await owner.put(item("orphan"), route("orphan", "x"))).status).toBe(409);
    gone.close();
    expect((await owner.delete("/v1/meshes/sync/clusters/gone")).status).toBe(204);
    const got = await owner.get(item("orphan"));
    expect(got.body.owner).toEqual({ kind: "api" });
    expect((await owner.put(item("orphan"), route("orphan", "x"))).status).toBe(200);
  });
});

describe("the webhook's serving certificate", () => {
  const ask = async (c: SimConnector, requestId: string, service: string, namespace: string) => {
    const { csrPem } = makeWorkloadCsr({ identity: "spiffe://ignored/ns/a/sa/b" });
    c.send({ webhookCertificateRequest: { requestId, csrPem, service, namespace } });
    const msg = await waitFor(() => c.received.find((m) => m.signResponse?.requestId === requestId), {
      what: `SignResponse ${requestId}`,
    });
    return msg.signResponse!;
  };

  it("is issued for exactly trellis-injector.<namespace>.svc and chains to the mesh's trust bundle", async () => {
    const answer = await ask(east, "wh-1", "trellis-injector", "mesh-system");
    expect(answer.error).toBeFalsy();
    const [leafPem, ...intermediates] = answer.certificate!.certChainPem;
    const leaf = new X509Certificate(leafPem!);
    expect(leaf.subjectAltName).toBe("DNS:trellis-injector.mesh-system.svc");
    expect(leaf.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    const issuer = new X509Certificate(intermediates[0] ?? answer.certificate!.trustBundlePem[0]!);
    expect(leaf.verify(issuer.publicKey)).toBe(true);
    const certs = (await owner.get("/v1/meshes/sync/certificates?cluster=east")).body.items;
    expect(certs[0]).toMatchObject({ identity: "dns:trellis-injector.mesh-system.svc", proxyId: "webhook" });
  });

  it("is refused for any other Service or a malformed namespace", async () => {
    const other = await ask(east, "wh-2", "kubernetes", "default");
    expect(other.error).toMatchObject({ code: "forbidden" });
    expect(other.error!.message).toMatch(/only for its webhook Service "trellis-injector", not "kubernetes"/);
    const bad = await ask(east, "wh-3", "trellis-injector", "Not_A_Namespace");
    expect(bad.error).toMatchObject({ code: "forbidden" });
  });
});
