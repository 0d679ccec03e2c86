// The whole life of a Terraform configuration against a real control plane, with the real
// terraform binary: init, plan, apply (objects checked through the SDK), an empty second
// plan, a change made through the API showing as a diff, an ETag conflict refused, destroy.
import { NotFoundError } from "@trellis/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerBlock, startTerraformEnv } from "./fixtures.ts";
import { applyArgs, planArgs, stepTimeoutMs, terraformBinary } from "./harness.ts";

type Env = Awaited<ReturnType<typeof startTerraformEnv>>;

const mainTf = (v1: number, v2: number) => `${providerBlock}
provider "trellis" {}

resource "trellis_mesh" "shop" {
  name        = "shop"
  description = "managed by terraform"
  settings {
    mtls {
      mode = "permissive"
    }
  }
}

resource "trellis_cluster" "edge" {
  mesh = trellis_mesh.shop.name
  name = "edge"
}

resource "trellis_http_route" "web" {
  mesh = trellis_mesh.shop.name
  name = "web-canary"
  parent_ref {
    name = "web"
  }
  rule {
    match {
      path {
        value = "/api"
      }
    }
    backend_ref {
      name   = "web-v1"
      weight = ${v1}
    }
    backend_ref {
      name   = "web-v2"
      weight = ${v2}
    }
    timeouts {
      request = "5s"
    }
  }
}

resource "trellis_grpc_route" "inventory" {
  mesh = trellis_mesh.shop.name
  name = "inventory"
  parent_ref {
    name = "inventory"
  }
  rule {
    match {
      method {
        service = "inventory.v1.Inventory"
      }
    }
    backend_ref {
      name = "inventory"
    }
  }
}

resource "trellis_retry_policy" "web" {
  mesh = trellis_mesh.shop.name
  name = "web-retries"
  target_ref {
    kind = "HTTPRoute"
    name = trellis_http_route.web.name
  }
  attempts = 4
}

resource "trellis_circuit_breaker" "web" {
  mesh = trellis_mesh.shop.name
  name = "web-breaker"
  target_ref {
    kind = "Service"
    name = "web"
  }
  outlier_detection {
    consecutive_failures = 3
  }
}

resource "trellis_authorization_policy" "web" {
  mesh = trellis_mesh.shop.name
  name = "web-callers"
  target_ref {
    kind = "Service"
    name = "web"
  }
  rule {
    from {
      namespaces = ["default"]
    }
    to {
      methods = ["GET"]
    }
  }
}

resource "trellis_rate_limit" "web" {
  mesh = trellis_mesh.shop.name
  name = "web-limit"
  target_ref {
    kind = "Service"
    name = "web"
  }
  requests = 100
}

resource "trellis_api_token" "ci" {
  name = "ci"
  role = "member"
}

resource "trellis_webhook" "alerts" {
  url         = "http://127.0.0.1:9/hooks/trellis"
  description = "alerts"
}

resource "trellis_member" "ops" {
  email = "ops@example.com"
  role  = "viewer"
}

data "trellis_mesh" "shop" {
  name = trellis_mesh.shop.name
}

data "trellis_sync_status" "shop" {
  mesh       = trellis_mesh.shop.name
  depends_on = [trellis_cluster.edge]
}

data "trellis_services" "shop" {
  mesh = trellis_mesh.shop.name
}

output "trust_domain" {
  value = data.trellis_mesh.shop.trust_domain
}

output "clusters_in_sync" {
  value = length(data.trellis_sync_status.shop.clusters)
}

output "join_token" {
  value     = trellis_cluster.edge.join_token
  sensitive = true
}
`;

async function weights(env: Env): Promise<number[]> {
  const route = await env.owner.resources("shop").get("HTTPRoute", "web-canary");
  const rules = route.spec.rules as { backendRefs: { weight: number }[] }[];
  return rules[0]!.backendRefs.map((b) => b.weight);
}

describe.skipIf(!terraformBinary)("terraform lifecycle against a real control plane", () => {
  let env: Env;
  beforeAll(async () => {
    env = await startTerraformEnv();
    env.tf.write(mainTf(90, 10));
    await env.tf.ok(["init", "-no-color", "-input=false"]);
  }, stepTimeoutMs);
  afterAll(() => env?.stop());

  it(
    "plans every object, applies them, and the API holds them",
    async () => {
      const plan = await env.tf.ok(planArgs, [2]);
      expect(plan.stdout).toContain("Plan: 11 to add, 0 to change, 0 to destroy.");
      // Defaults the API applies are planned as values, not "known after apply".
      expect(plan.stdout).toMatch(/namespace\s+= "default"/);

      await env.tf.ok(applyArgs);
      const mesh = await env.owner.meshes.get("shop");
      expect(mesh.description).toBe("managed by terraform");
      expect(mesh.settings.mtls.mode).toBe("permissive");
      expect((await env.owner.clusters("shop").get("edge")).name).toBe("edge");
      expect(await weights(env)).toEqual([90, 10]);
      const retry = await env.owner.resources("shop").get("RetryPolicy", "web-retries");
      expect(retry.spec).toMatchObject({ targetRef: { kind: "HTTPRoute", name: "web-canary" }, attempts: 4 });
      const kinds = (await env.owner.resources("shop").listAll()).map((r) => r.kind).sort();
      expect(kinds).toEqual(
        [
          "AuthorizationPolicy",
          "CircuitBreaker",
          "GRPCRoute",
          "HTTPRoute",
          "MeshSettings",
          "RateLimit",
          "RetryPolicy",
        ].sort(),
      );
      const tokens = await env.owner.tokens.listAll();
      expect(tokens.find((t) => t.name === "ci")?.role).toBe("member");
      expect((await env.owner.webhooks.listAll()).map((w) => w.url)).toEqual([
        "http://127.0.0.1:9/hooks/trellis",
      ]);

      const out = await env.tf.ok(["output", "-json"]);
      const outputs = JSON.parse(out.stdout) as Record<string, { value: unknown; sensitive: boolean }>;
      expect(outputs.trust_domain?.value).toBe(mesh.trustDomain);
      expect(outputs.clusters_in_sync?.value).toBe(1);
      expect(outputs.join_token?.sensitive).toBe(true);
      expect(String(outputs.join_token?.value)).toMatch(/\S{16,}/);
    },
    stepTimeoutMs,
  );

  it(
    "plans nothing the second time",
    async () => {
      const plan = await env.tf.ok(planArgs, [0]);
      expect(plan.stdout).toContain("No changes.");
    },
    stepTimeoutMs,
  );

  it(
    "shows a change made through the API as a diff, and puts it back",
    async () => {
      const route = await env.owner.resources("shop").get("HTTPRoute", "web-canary");
      const spec = structuredClone(route.spec) as { rules: { backendRefs: { weight: number }[] }[] };
      spec.rules[0]!.backendRefs[0]!.weight = 50;
      spec.rules[0]!.backendRefs[1]!.weight = 50;
      await env.owner
        .resources("shop")
        .put("HTTPRoute", "web-canary", spec as never, { ifMatch: route.etag });

      const plan = await env.tf.ok(planArgs, [2]);
      expect(plan.stdout).toContain("trellis_http_route.web will be updated in-place");
      expect(plan.stdout).toMatch(/weight\s+= 50 -> 90/);
      expect(plan.stdout).toMatch(/weight\s+= 50 -> 10/);
      expect(plan.stdout).toContain("Plan: 0 to add, 1 to change, 0 to destroy.");

      await env.tf.ok(applyArgs);
      expect(await weights(env)).toEqual([90, 10]);
      await env.tf.ok(planArgs, [0]);
    },
    stepTimeoutMs,
  );

  it(
    "refuses to apply a saved plan over a change it has not seen (ETag)",
    async () => {
      env.tf.write(mainTf(80, 20));
      await env.tf.ok([...planArgs, "-out=canary.tfplan"], [2]);
      const route = await env.owner.resources("shop").get("HTTPRoute", "web-canary");
      const spec = structuredClone(route.spec) as { rules: { backendRefs: { weight: number }[] }[] };
      spec.rules[0]!.backendRefs[0]!.weight = 70;
      spec.rules[0]!.backendRefs[1]!.weight = 30;
      await env.owner.resources("shop").put("HTTPRoute", "web-canary", spec as never);

      const apply = await env.tf.run("apply", "-no-color", "-input=false", "canary.tfplan");
      expect(apply.code).toBe(1);
      expect(apply.stderr).toContain("changed outside Terraform");
      expect(apply.stderr).toMatch(/HTTPRoute default\/web-canary changed since "g\d+"/);
      expect(await weights(env)).toEqual([70, 30]); // not silently overwritten

      await env.tf.ok(applyArgs);
      expect(await weights(env)).toEqual([80, 20]);
    },
    stepTimeoutMs,
  );

  it(
    "destroys everything",
    async () => {
      const destroy = await env.tf.ok([
        "destroy",
        "-no-color",
        "-input=false",
        "-auto-approve",
        "-parallelism=4",
      ]);
      expect(destroy.stdout).toContain("Destroy complete! Resources: 11 destroyed.");
      await expect(env.owner.meshes.get("shop")).rejects.toBeInstanceOf(NotFoundError);
      const tokens = await env.owner.tokens.listAll();
      expect(tokens.find((t) => t.name === "ci")?.revokedAt).not.toBeNull();
      expect(await env.owner.webhooks.listAll()).toEqual([]);
    },
    stepTimeoutMs,
  );
});
