import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { type Operation, operations, pendingOperations } from "@trellis/sdk/operations";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The SDK calls the API only through its operation table; this test holds the table and
// the served OpenAPI document in lockstep, both ways.

/** Served operations the SDK deliberately does not wrap yet, with the reason. */
const notInSdk: Record<string, string> = {
  "POST /v1/billing/stripe-webhook": "called by Stripe (signed with the webhook secret), not by API clients",
};

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
}
type OpenApiDocument = { paths: Record<string, Record<string, OpenApiOperation>> };
type Served = Map<string, OpenApiOperation>;

async function servedOperations(url: string): Promise<Served> {
  const doc = (await (await fetch(`${url}/v1/openapi.json`)).json()) as OpenApiDocument;
  const served: Served = new Map();
  for (const [path, methods] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(methods)) served.set(`${method.toUpperCase()} ${path}`, op);
  return served;
}

const key = (op: Operation) => `${op.method} ${op.path}`;

/** What drifted: served routes the SDK lacks, and SDK operations nobody serves. */
function drift(served: Served, sdk: Record<string, Operation>, pending: readonly string[]) {
  const sdkKeys = new Set(Object.values(sdk).map(key));
  return {
    missingInSdk: [...served.keys()].filter((k) => !sdkKeys.has(k) && !(k in notInSdk)),
    unserved: Object.entries(sdk)
      .filter(([name, op]) => !pending.includes(name) && !served.has(key(op)))
      .map(([, op]) => key(op)),
  };
}

let cp: TestControlPlane;
let served: Served;

beforeAll(async () => {
  cp = await startTestControlPlane();
  served = await servedOperations(cp.url);
});
afterAll(() => cp?.stop());

describe("the SDK and /v1/openapi.json", () => {
  it("every served operation is called by the SDK, and every SDK operation is served", () => {
    const d = drift(served, operations, pendingOperations);
    expect(d.missingInSdk, "routes without SDK support: add them to sdk/client/src/operations.ts").toEqual(
      [],
    );
    expect(d.unserved, "SDK operations the control plane does not serve").toEqual([]);
  });

  it("detects a route added without SDK support", async () => {
    const extra = await startTestControlPlane({
      extraRoutes: [
        {
          method: "get",
          path: "/v1/meshes/:mesh/widgets",
          summary: "A route the SDK does not know",
          tag: "test",
          responses: { 200: { description: "ok" } },
          handler: async () => ({ status: 200, body: {} }),
        },
      ],
    });
    try {
      const d = drift(await servedOperations(extra.url), operations, pendingOperations);
      expect(d.missingInSdk).toEqual(["GET /v1/meshes/{mesh}/widgets"]);
    } finally {
      await extra.stop();
    }
  });

  it("detects an SDK operation the API does not serve", () => {
    const d = drift(
      served,
      { ...operations, bogus: { method: "GET", path: "/v1/bogus" } },
      pendingOperations,
    );
    expect(d.unserved).toEqual(["GET /v1/bogus"]);
  });

  it("the SDK sends Idempotency-Key exactly where the API honours it", () => {
    for (const [name, op] of Object.entries(operations) as [string, Operation][]) {
      const doc = served.get(key(op));
      if (!doc) continue;
      const honours = (doc.parameters ?? []).some((p) => p.in === "header" && p.name === "Idempotency-Key");
      expect(op.idempotent === true, `${name}: idempotent flag`).toBe(honours);
    }
  });

  it("the notInSdk exceptions are still served (stale exceptions fail)", () => {
    for (const k of Object.keys(notInSdk)) expect(served.has(k), k).toBe(true);
  });
});
