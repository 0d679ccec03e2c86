import { tokenClient } from "@trellis/control-plane/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BillingPlane, billingPlane } from "../billing/setup.ts";
import { runCli } from "./run-cli.ts";

let plane: BillingPlane;
let env: Record<string, string>;

beforeAll(async () => {
  plane = await billingPlane();
  const created = await plane.owner.post("/v1/tokens", { name: "cli", role: "owner" });
  env = { TRELLIS_URL: plane.cp.url, TRELLIS_TOKEN: created.body.token };
});
afterAll(() => plane?.stop());

describe("trellis billing", () => {
  it("shows the plan, its limits against use and the period's proxy-hours", async () => {
    await plane.owner.post("/v1/meshes", { name: "prod" });
    const r = await runCli(["billing"], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("plan:        Free");
    expect(r.stdout).toMatch(/meshes\s+1 of 1/);
    expect(r.stdout).toMatch(/proxies\s+0 of 10/);
    expect(r.stdout).toContain("0 proxy-hours so far");
  });

  it("prints the Checkout URL for `upgrade`, and a precise error for a viewer", async () => {
    const r = await runCli(["billing", "upgrade"], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(new RegExp(`^${plane.stripe.url}/c/pay/cs_test_`));
    const viewer = await tokenClient(plane.owner, "viewer");
    const denied = await runCli(["billing", "-o", "json"], { env: { ...env, TRELLIS_TOKEN: viewer.token! } });
    expect(denied.code).toBe(4);
    expect(denied.stderr).toContain("needs billing");
  });
});
