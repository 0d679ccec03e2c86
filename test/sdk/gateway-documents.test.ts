import type { TestControlPlane } from "@trellis/control-plane/testing";
import { type ResourceDocumentInput, type TrellisClient, ValidationError } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWithOwner } from "./fixtures.ts";

// The SDK takes Gateway API documents as they are, in their namespace.
let cp: TestControlPlane;
let owner: TrellisClient;

beforeAll(async () => {
  ({ cp, owner } = await startWithOwner());
  await owner.meshes.create({ name: "gamma" });
});
afterAll(() => cp?.stop());

const document = (weight: number): ResourceDocumentInput<"HTTPRoute"> => ({
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name: "web", namespace: "shop", labels: { app: "web" } },
  spec: {
    parentRefs: [{ group: "", kind: "Service", name: "web", port: 80 }],
    rules: [
      {
        backendRefs: [
          { name: "web-v1", port: 80, weight: 100 - weight },
          { name: "web-v2", port: 80, weight },
        ],
      },
    ],
  },
});

describe("resources(mesh).apply", () => {
  it("applies a Gateway API document in its namespace; get, list and delete address it by namespace", async () => {
    const res = owner.resources("gamma");
    const created = await res.apply(document(10), { ifNoneMatch: "*" });
    expect(created).toMatchObject({
      created: true,
      etag: '"g1"',
      namespace: "shop",
      apiVersion: "gateway.networking.k8s.io/v1",
      labels: { app: "web" },
      warnings: [],
    });
    expect(created.status.conditions.find((c) => c.type === "ResolvedRefs")).toMatchObject({
      status: "False",
      reason: "BackendNotFound",
    });
    await expect(res.get("HTTPRoute", "web")).rejects.toMatchObject({ status: 404 });
    expect((await res.get("HTTPRoute", "web", { namespace: "shop" })).generation).toBe(1);
    expect((await res.listAll({ namespace: "shop" })).map((r) => r.name)).toEqual(["web"]);
    expect(await res.listAll({ namespace: "other" })).toEqual([]);

    const dry = await res.apply(document(50), { dryRun: true, ifMatch: created.etag });
    expect(dry.generation).toBe(2);
    expect((await res.get("HTTPRoute", "web", { namespace: "shop" })).generation).toBe(1);

    const withGateway = document(50);
    withGateway.spec.parentRefs.unshift({ name: "public", kind: "Gateway" } as never);
    const updated = await res.apply(withGateway, { ifMatch: created.etag });
    expect(updated.warnings).toEqual([
      "parentRefs[0] (Gateway public) is not for a mesh: skipped (the route applies to its Service parents)",
    ]);
    await res.delete("HTTPRoute", "web", { namespace: "shop", ifMatch: updated.etag });
    await expect(res.get("HTTPRoute", "web", { namespace: "shop" })).rejects.toMatchObject({ status: 404 });
  });

  it("an unknown field is a ValidationError naming its pointer and the near miss", async () => {
    const typo = document(10) as unknown as { spec: { rules: Record<string, unknown>[] } };
    typo.spec.rules[0]!.matchs = [];
    const err = await owner
      .resources("gamma")
      .apply(typo as never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fields).toEqual([
      {
        pointer: "/spec/rules/0/matchs",
        path: "spec.rules[0].matchs",
        detail: 'unknown field "matchs" (did you mean "matches"?)',
      },
    ]);
  });
});
