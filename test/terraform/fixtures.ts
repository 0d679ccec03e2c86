import { startTestControlPlane, type TestControlPlane } from "@trellis/control-plane/testing";
import { TrellisClient } from "@trellis/sdk";
import { installProvider, type Terraform, terraformWorkspace } from "./harness.ts";

let counter = 0;

/** A real control plane, an owner's API token and a Terraform workspace pointed at it. */
export async function startTerraformEnv(
  // Webhook receivers on loopback are allowed by default, as for self-hosting.
  controlPlaneEnv: Record<string, string> = { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" },
): Promise<{
  cp: TestControlPlane;
  owner: TrellisClient;
  token: string;
  orgName: string;
  tf: Terraform;
  stop(): Promise<void>;
}> {
  const cp = await startTestControlPlane({ env: controlPlaneEnv });
  const session = new TrellisClient({ baseUrl: cp.url, retries: 0 });
  const orgName = `Acme ${++counter}`;
  await session.auth.signup({
    email: `tf${counter}-${process.pid}-${Date.now()}@example.com`,
    password: "correct horse battery staple",
    orgName,
  });
  const { token } = await session.tokens.create({ name: "terraform", role: "owner" });
  const owner = new TrellisClient({ baseUrl: cp.url, token, retries: 0 });
  const { cliConfig, root } = await installProvider();
  const tf = terraformWorkspace(cliConfig, { TRELLIS_URL: cp.url, TRELLIS_TOKEN: token });
  return {
    cp,
    owner,
    token,
    orgName,
    tf,
    async stop() {
      tf.cleanup();
      await import("node:fs").then((fs) => fs.rmSync(root, { recursive: true, force: true }));
      await cp.stop();
    },
  };
}

/** The provider block every test configuration starts with. */
export const providerBlock = `terraform {
  required_providers {
    trellis = { source = "trellis.dev/trellis/trellis" }
  }
}
`;
