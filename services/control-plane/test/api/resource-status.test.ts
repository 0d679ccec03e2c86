import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedUpClient, startTestControlPlane, type TestClient, type TestControlPlane } from "../harness.ts";
import { SimConnector } from "../sim-connector.ts";
import { addCluster } from "../tunnel/setup.ts";
import { waitFor } from "../wait-for.ts";

// Status conditions follow the mesh: discovery over the real tunnel resolves references,
// proxy reports make a resource Programmed.
let cp: TestControlPlane;
let owner: TestClient;
let connector: SimConnector;

const service = (name: string) => ({
  name,
  namespace: "default",
  ports: [{ port: 80, protocol: "http" }],
  endpoints: [],
});
const route = "/v1/meshes/status/resources/HTTPRoute/catalog";
const conditionsOf = async (path: string) =>
  Object.fromEntries(
    (
      (await owner.get(path)).body.status.conditions as {
        type: string;
        status: string;
        reason: string;
        message: string;
      }[]
    ).map((c) => [c.type, c]),
  );

beforeAll(async () => {
  cp = await startTestControlPlane();
  owner = (await signedUpClient(cp.url)).client;
  connector = new SimConnector(cp.tunnelTarget, { joinToken: await addCluster(owner, "status", "east") });
  await connector.welcome();
});
afterAll(async () => {
  connector.close();
  await cp.stop();
});

describe("status conditions", () => {
  it("a backend no cluster has discovered is ResolvedRefs=False/BackendNotFound until one does", async () => {
    const put = await owner.put(route, {
      spec: {
        parentRefs: [{ name: "catalog" }],
        rules: [{ backendRefs: [{ name: "catalog-v1" }, { name: "catalog-v2" }] }],
      },
    });
    expect(put.status).toBe(201);
    expect(put.body.status.conditions.map((c: { type: string }) => c.type)).toEqual([
      "Accepted",
      "ResolvedRefs",
      "Programmed",
    ]);
    let c = await conditionsOf(route);
    expect(c.Accepted).toMatchObject({ status: "True" });
    expect(c.ResolvedRefs).toMatchObject({ status: "False", reason: "BackendNotFound" });
    expect(c.Programmed).toMatchObject({ status: "Unknown" });

    connector.send({ discovery: { services: [service("catalog"), service("catalog-v1")] } });
    c = await waitFor(
      async () => {
        const now = await conditionsOf(route);
        return now.ResolvedRefs?.message.includes("catalog-v1") ? null : now;
      },
      { what: "catalog-v1 to resolve" },
    );
    expect(c.ResolvedRefs).toMatchObject({
      status: "False",
      reason: "BackendNotFound",
      message:
        "backendRef default/catalog-v2 (/spec/rules/0/backendRefs/1): no cluster has discovered this service",
    });

    connector.send({
      discovery: { services: [service("catalog"), service("catalog-v1"), service("catalog-v2")] },
    });
    await waitFor(async () => (await conditionsOf(route)).ResolvedRefs?.status === "True", {
      what: "every backend to resolve",
    });
  });

  it("Programmed once every proxy reports a config version carrying the route", async () => {
    const desired = (await owner.get("/v1/meshes/status")).body.configVersion as number;
    const report = (applied: number) =>
      connector.send({
        proxyReport: {
          proxies: ["prx_a", "prx_b"].map((proxyId, i) => ({
            proxyId,
            service: "catalog",
            namespace: "default",
            workload: `catalog-${i}`,
            identity: "spiffe://x/ns/default/sa/catalog",
            proxyVersion: "0.1.0",
            appliedConfigVersion: i === 0 ? desired : applied,
            health: "PROXY_HEALTH_READY",
          })),
        },
      });
    report(0);
    const pending = await waitFor(
      async () => {
        const now = await conditionsOf(route);
        return now.Programmed?.status === "False" ? now.Programmed : null;
      },
      { what: "Programmed=False with one proxy behind" },
    );
    expect(pending).toMatchObject({
      reason: "Pending",
      message: expect.stringMatching(/^1 of 2 proxies run/),
    });
    report(desired);
    await waitFor(async () => (await conditionsOf(route)).Programmed?.status === "True", {
      what: "Programmed=True",
    });
  });

  it("a policy whose target route does not exist is ResolvedRefs=False/TargetNotFound", async () => {
    const res = await owner.put("/v1/meshes/status/resources/RetryPolicy/r", {
      spec: { targetRef: { kind: "HTTPRoute", name: "nope" } },
    });
    expect(res.status).toBe(201);
    const c = Object.fromEntries(res.body.status.conditions.map((x: { type: string }) => [x.type, x]));
    expect(c.ResolvedRefs).toMatchObject({ status: "False", reason: "TargetNotFound" });
    const ok = await owner.put("/v1/meshes/status/resources/RetryPolicy/r", {
      spec: { targetRef: { kind: "HTTPRoute", name: "catalog" } },
    });
    expect(ok.body.status.conditions[1]).toMatchObject({ type: "ResolvedRefs", status: "True" });
  });
});
