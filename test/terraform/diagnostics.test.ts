// What a user sees when something is wrong: invalid attributes fail at plan naming the
// attribute (the API's own zod rules, no API call needed), and API refusals — a revoked
// token, another org, a refused URL, an object that already exists — are diagnostics that
// carry the API's problem detail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerBlock, startTerraformEnv } from "./fixtures.ts";
import { applyArgs, planArgs, stepTimeoutMs, terraformBinary } from "./harness.ts";

type Env = Awaited<ReturnType<typeof startTerraformEnv>>;

const route = (backend: string) => `${providerBlock}
resource "trellis_http_route" "web" {
  mesh = "shop"
  name = "web"
  parent_ref {
    name = "web"
  }
  rule {
${backend}
  }
}
`;

describe.skipIf(!terraformBinary)("terraform diagnostics", () => {
  let env: Env;
  beforeAll(async () => {
    // The API's default: webhook URLs must not resolve to private addresses.
    env = await startTerraformEnv({});
    await env.owner.meshes.create({ name: "shop" });
    env.tf.write(route(`    backend_ref {\n      name = "web"\n    }`));
    await env.tf.ok(["init", "-no-color", "-input=false"]);
  }, stepTimeoutMs);
  afterAll(() => env?.stop());

  it(
    "fails a negative weight at plan, naming the attribute and its line",
    async () => {
      env.tf.write(route(`    backend_ref {\n      name   = "web"\n      weight = -1\n    }`));
      const plan = await env.tf.run(...planArgs);
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain("Error: Invalid value for rule[0].backend_ref[0].weight");
      expect(plan.stderr).toMatch(/expected number to be >=0/);
      expect(plan.stderr).toMatch(/weight = -1/); // Terraform quotes the offending line
      const validate = await env.tf.run("validate", "-no-color");
      expect(validate.code).toBe(1);
      expect(validate.stderr).toContain("rule[0].backend_ref[0].weight");
    },
    stepTimeoutMs,
  );

  it(
    "fails an unknown service kind at plan, naming the attribute",
    async () => {
      env.tf.write(`${providerBlock}
resource "trellis_http_route" "web" {
  mesh = "shop"
  name = "web"
  parent_ref {
    kind = "Deployment"
    name = "web"
  }
  rule {
    backend_ref {
      name = "web"
    }
  }
}
`);
      const plan = await env.tf.run(...planArgs);
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain("Error: Invalid value for parent_ref[0].kind");
      expect(plan.stderr).toContain('expected "Service"');
    },
    stepTimeoutMs,
  );

  it(
    "fails a revoked token with a clear diagnostic on the token",
    async () => {
      env.tf.write(route(`    backend_ref {\n      name = "web"\n    }`));
      const { id, token } = await env.owner.tokens.create({ name: "soon revoked", role: "admin" });
      await env.owner.tokens.revoke(id);
      const plan = await env.tf.run(...planArgs);
      // The workspace's own token still works; this run uses the revoked one.
      const revoked = await env.tf.runWith({ TRELLIS_TOKEN: token }, ...planArgs);
      expect(plan.code).toBe(2);
      expect(revoked.code).toBe(1);
      expect(revoked.stderr).toContain("Error: Trellis rejected the API token");
      expect(revoked.stderr).toContain("the API token has been revoked");
    },
    stepTimeoutMs,
  );

  it(
    "refuses a token of another org when the provider names its org",
    async () => {
      env.tf.write(`${route(`    backend_ref {\n      name = "web"\n    }`)}
provider "trellis" {
  org = "Someone Else"
}
`);
      const plan = await env.tf.run(...planArgs);
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain("Error: The token belongs to another organisation");
      expect(plan.stderr).toContain(`The token is for "${env.orgName}"`);
    },
    stepTimeoutMs,
  );

  it(
    "turns an API refusal at apply into a diagnostic on the attribute, with the API's detail",
    async () => {
      env.tf.write(`${providerBlock}
resource "trellis_webhook" "alerts" {
  url = "http://127.0.0.1:9/hook"
}
`);
      const apply = await env.tf.run(...applyArgs);
      expect(apply.code).toBe(1);
      expect(apply.stderr).toContain("Error: Invalid value for url");
      expect(apply.stderr).toContain("the host resolves to a private address");
    },
    stepTimeoutMs,
  );

  it(
    "does not overwrite an object that already exists: it says to import it",
    async () => {
      await env.owner.resources("shop").put("HTTPRoute", "web", {
        parentRefs: [{ name: "web" }],
        rules: [{ backendRefs: [{ name: "web" }] }],
      });
      env.tf.write(route(`    backend_ref {\n      name = "web"\n    }`));
      const apply = await env.tf.run(...applyArgs);
      expect(apply.code).toBe(1);
      expect(apply.stderr).toContain("HTTPRoute web already exists in mesh shop");
      expect(apply.stderr.replace(/\s+/g, " ")).toContain(
        "terraform import trellis_http_route.<name> shop/web",
      );
    },
    stepTimeoutMs,
  );
});
