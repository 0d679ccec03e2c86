// The README's main.tf, as a new user runs it: the provider through `dev_overrides`, no
// `terraform init`, against a control plane set up as `npm start` sets up its demo (mesh
// `demo`, cluster `local`, the 90/10 route `catalog-canary`).
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyArgs,
  devOverrideProvider,
  planArgs,
  stepTimeoutMs,
  type Terraform,
  terraformBinary,
  terraformWorkspace,
} from "./harness.ts";

const readme = readFileSync(
  fileURLToPath(new URL("../../sdk/terraform-provider/README.md", import.meta.url)),
  "utf8",
);
/** The first complete configuration in the README (the one with the terraform block). */
const mainTf = [...readme.matchAll(/```hcl\n([\s\S]*?)```/g)]
  .map((m) => m[1]!)
  .find((b) => b.includes("required_providers"))!;

describe.skipIf(!terraformBinary)("the README's main.tf against an npm start-like demo", () => {
  let cp: TestControlPlane;
  let owner: TrellisClient;
  let tf: Terraform;
  let root: string;

  beforeAll(async () => {
    cp = await startTestControlPlane();
    const session = new TrellisClient({ baseUrl: cp.url, retries: 0 });
    await session.auth.signup({
      email: `readme-${Date.now()}@example.com`,
      password: "correct horse battery staple",
      orgName: "Demo",
    });
    const { token } = await session.tokens.create({ name: "npm start demo", role: "admin" });
    owner = new TrellisClient({ baseUrl: cp.url, token, retries: 0 });
    // What infra/local's bootstrap creates.
    await owner.meshes.create({ name: "demo", description: "the npm start demo" });
    await owner.clusters("demo").create("local");
    await owner.resources("demo").put("HTTPRoute", "catalog-canary", {
      parentRefs: [{ name: "catalog" }],
      rules: [
        {
          backendRefs: [
            { name: "catalog-v1", weight: 90 },
            { name: "catalog-v2", weight: 10 },
          ],
        },
      ],
    });
    const dev = await devOverrideProvider();
    root = dev.root;
    tf = terraformWorkspace(dev.cliConfig, { TRELLIS_TOKEN: token });
    tf.write(mainTf.replace("http://127.0.0.1:8080", cp.url));
  }, stepTimeoutMs);
  afterAll(async () => {
    tf?.cleanup();
    if (root) rmSync(root, { recursive: true, force: true });
    await cp?.stop();
  });

  it(
    "adopts the demo mesh, cluster and canary route, then plans nothing",
    async () => {
      const apply = await tf.ok(applyArgs);
      expect(apply.stdout + apply.stderr).toContain("Provider development overrides are in effect");
      expect(apply.stdout).toContain(
        "Apply complete! Resources: 3 imported, 0 added, 0 changed, 0 destroyed.",
      );
      expect((await tf.ok(planArgs, [0])).stdout).toContain("No changes.");
    },
    stepTimeoutMs,
  );

  it(
    "shifts the canary to 50/50 when the weights change",
    async () => {
      tf.write(
        mainTf
          .replace("http://127.0.0.1:8080", cp.url)
          .replace("weight = 90", "weight = 50")
          .replace("weight = 10", "weight = 50"),
      );
      const plan = await tf.ok(planArgs, [2]);
      expect(plan.stdout).toMatch(/weight\s+= 90 -> 50/);
      await tf.ok(applyArgs);
      const route = await owner.resources("demo").get("HTTPRoute", "catalog-canary");
      const rules = route.spec.rules as { backendRefs: { weight: number }[] }[];
      expect(rules[0]!.backendRefs.map((b) => b.weight)).toEqual([50, 50]);
    },
    stepTimeoutMs,
  );
});
