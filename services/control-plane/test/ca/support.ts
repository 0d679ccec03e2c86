import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeWorkloadCsr } from "@trellis/ca/testing/csr";
import type { Service__Input, SignResponse } from "@trellis/protocol/tunnel";
import type { TestClient } from "../harness.ts";
import type { SimConnector } from "../sim-connector.ts";
import { waitFor } from "../wait-for.ts";

/** A Kubernetes service whose endpoints run as `serviceAccount` (one endpoint per address). */
export const k8sService = (namespace: string, name: string, serviceAccount: string, ...addresses: string[]) =>
  ({
    name,
    namespace,
    ports: [{ port: 8080, protocol: "http", name: "http" }],
    endpoints: addresses.map((address) => ({
      address,
      port: 4143,
      serviceAccount,
      workload: `${name}-${address}`,
      ready: true,
      vmName: "",
    })),
  }) satisfies Service__Input;

export const vmService = (namespace: string, name: string, vmName: string) =>
  ({
    name,
    namespace,
    ports: [{ port: 9000, protocol: "tcp" }],
    endpoints: [
      { address: "10.9.0.1", port: 4143, serviceAccount: "", workload: vmName, ready: true, vmName },
    ],
  }) satisfies Service__Input;

let requests = 0;

/** Sends a SignRequest over the simulated connector's tunnel and waits for its answer. */
export async function signOver(
  sim: SimConnector,
  identity: string,
  options: { csrPem?: string; proxyId?: string; timeoutMs?: number } = {},
): Promise<SignResponse> {
  const requestId = `req-${++requests}`;
  sim.send({
    signRequest: {
      requestId,
      csrPem: options.csrPem ?? makeWorkloadCsr({ identity }).csrPem,
      identity,
      proxyId: options.proxyId ?? "prx_test",
    },
  });
  const msg = await waitFor(() => sim.received.find((m) => m.signResponse?.requestId === requestId), {
    timeoutMs: options.timeoutMs ?? 15_000,
    what: `the SignResponse to ${requestId}`,
  });
  return msg.signResponse!;
}

/** Waits until the control plane has stored the cluster's discovered services. */
export async function discovered(owner: TestClient, mesh: string, count: number): Promise<void> {
  await waitFor(
    async () => {
      const res = await owner.get(`/v1/meshes/${mesh}/services`);
      return res.status === 200 && (res.body.items as unknown[]).length >= count;
    },
    { timeoutMs: 10_000, what: `${count} discovered services in ${mesh}` },
  );
}

/**
 * `openssl verify` (an independent checker) of a leaf against `rootPem`, with the rest of
 * the chain as untrusted intermediates. Returns openssl's output; throws when it fails.
 */
export function opensslVerify(chainPem: string[], rootPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), "trellis-ca-verify-"));
  try {
    const [leaf, ...intermediates] = chainPem;
    writeFileSync(join(dir, "root.pem"), rootPem);
    writeFileSync(join(dir, "leaf.pem"), leaf!);
    const args = ["verify", "-CAfile", join(dir, "root.pem")];
    if (intermediates.length > 0) {
      writeFileSync(join(dir, "chain.pem"), intermediates.join(""));
      args.push("-untrusted", join(dir, "chain.pem"));
    }
    return execFileSync("openssl", [...args, join(dir, "leaf.pem")], { encoding: "utf8", stdio: "pipe" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether `openssl verify` accepts the chain under `rootPem`. */
export function verifiesUnder(chainPem: string[], rootPem: string): boolean {
  try {
    return opensslVerify(chainPem, rootPem).includes("OK");
  } catch {
    return false;
  }
}
