// `terraform import` adopts objects made elsewhere (the console, the CLI, a script): the
// next plan is empty when the configuration describes them, and shows the difference when not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerBlock, startTerraformEnv } from "./fixtures.ts";
import { applyArgs, planArgs, stepTimeoutMs, terraformBinary } from "./harness.ts";

type Env = Awaited<ReturnType<typeof startTerraformEnv>>;

const mainTf = (v1: number, description = "made by hand") => `${providerBlock}
resource "trellis_mesh" "legacy" {
  name        = "legacy"
  description = "${description}"
}

resource "trellis_http_route" "api" {
  mesh      = trellis_mesh.legacy.name
  name      = "api"
  hostnames = ["api.internal"]
  parent_ref {
    name = "api"
  }
  rule {
    name = "canary"
    match {
      path {
        type  = "Exact"
        value = "/orders"
      }
      method = "GET"
    }
    filter {
      type = "RequestHeaderModifier"
      request_header_modifier {
        set {
          name  = "x-canary"
          value = "yes"
        }
      }
    }
    backend_ref {
      name   = "api-v1"
      weight = ${v1}
    }
    backend_ref {
      name   = "api-v2"
      weight = ${100 - v1}
    }
  }
}
`;

describe.skipIf(!terraformBinary)("terraform import", () => {
  let env: Env;
  beforeAll(async () => {
    env = await startTerraformEnv();
    await env.owner.meshes.create({ name: "legacy", description: "made by hand" });
    await env.owner.resources("legacy").put("HTTPRoute", "api", {
      parentRefs: [{ name: "api" }],
      hostnames: ["api.internal"],
      rules: [
        {
          name: "canary",
          matches: [{ path: { type: "Exact", value: "/orders" }, method: "GET" }],
          filters: [
            {
              type: "RequestHeaderModifier",
              requestHeaderModifier: { set: [{ name: "x-canary", value: "yes" }] },
            },
          ],
          backendRefs: [
            { name: "api-v1", weight: 75 },
            { name: "api-v2", weight: 25 },
          ],
        },
      ],
    });
    env.tf.write(mainTf(75));
    await env.tf.ok(["init", "-no-color", "-input=false"]);
  }, stepTimeoutMs);
  afterAll(() => env?.stop());

  it(
    "adopts an existing mesh and route, and then plans nothing",
    async () => {
      const mesh = await env.tf.ok(["import", "-no-color", "-input=false", "trellis_mesh.legacy", "legacy"]);
      expect(mesh.stdout).toContain("Import successful!");
      const route = await env.tf.ok([
        "import",
        "-no-color",
        "-input=false",
        "trellis_http_route.api",
        "legacy/api",
      ]);
      expect(route.stdout).toContain("Import successful!");

      const shown = await env.tf.ok(["state", "show", "-no-color", "trellis_http_route.api"]);
      expect(shown.stdout).toMatch(/weight\s+= 75/);
      expect(shown.stdout).toMatch(/value = "yes"/);
      const plan = await env.tf.ok(planArgs, [0]);
      expect(plan.stdout).toContain("No changes.");
    },
    stepTimeoutMs,
  );

  it(
    "manages what it adopted",
    async () => {
      env.tf.write(mainTf(50));
      const plan = await env.tf.ok(planArgs, [2]);
      expect(plan.stdout).toMatch(/weight\s+= 75 -> 50/);
      await env.tf.ok(applyArgs);
      const route = await env.owner.resources("legacy").get("HTTPRoute", "api");
      const rules = route.spec.rules as { backendRefs: { weight: number }[] }[];
      expect(rules[0]!.backendRefs.map((b) => b.weight)).toEqual([50, 50]);
    },
    stepTimeoutMs,
  );

  it(
    "explains an import id of the wrong shape, and an object that does not exist",
    async () => {
      const badId = await env.tf.run("import", "-no-color", "-input=false", "trellis_http_route.api", "api");
      expect(badId.code).toBe(1);
      expect(badId.stderr).toContain('import a HTTPRoute as <mesh>/<name>, got "api"');

      env.tf.write(`${mainTf(50)}
resource "trellis_cluster" "ghost" {
  mesh = "legacy"
  name = "ghost"
}
`);
      const missing = await env.tf.run(
        "import",
        "-no-color",
        "-input=false",
        "trellis_cluster.ghost",
        "legacy/ghost",
      );
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain("Cannot import non-existent remote object");
    },
    stepTimeoutMs,
  );

  it(
    "updates a mesh whose ETag moved only because of its resources, but not one changed by someone else",
    async () => {
      env.tf.write(mainTf(50, "adopted"));
      await env.tf.ok([...planArgs, "-out=mesh.tfplan"], [2]);
      // Another route of the mesh changes: the mesh's ETag ("v<config version>") moves with it.
      await env.owner.resources("legacy").put("HTTPRoute", "other", {
        parentRefs: [{ name: "other" }],
        rules: [{ backendRefs: [{ name: "other" }] }],
      });
      await env.tf.ok(["apply", "-no-color", "-input=false", "mesh.tfplan"]);
      expect((await env.owner.meshes.get("legacy")).description).toBe("adopted");

      env.tf.write(mainTf(50, "adopted twice"));
      await env.tf.ok([...planArgs, "-out=mesh2.tfplan"], [2]);
      await env.owner.meshes.update("legacy", { description: "changed in the console" });
      const apply = await env.tf.run("apply", "-no-color", "-input=false", "mesh2.tfplan");
      expect(apply.code).toBe(1);
      expect(apply.stderr).toContain("Could not update trellis_mesh: it was changed outside Terraform");
      expect((await env.owner.meshes.get("legacy")).description).toBe("changed in the console");
    },
    stepTimeoutMs,
  );
});
