import { isCaError } from "@trellis/ca";
import { parseDurationMs } from "@trellis/protocol/duration";
import type { ErrorCode } from "@trellis/protocol/errors";
import { parseSpiffeId } from "@trellis/protocol/spiffe";
import {
  durationFromMs,
  type SignRequest,
  type SignResponse__Input,
  timestampFromMs,
} from "@trellis/protocol/tunnel";
import { admitProxy } from "../billing/admit-proxy.ts";
import type { Context } from "../context.ts";
import { AppError } from "../errors.ts";
import { settingsOf } from "../meshes/settings.ts";
import type { TunnelCluster } from "../tunnel-auth/tunnel-cluster.ts";
import { backendFor } from "./backend.ts";
import { clusterDiscovered } from "./identity-owner.ts";
import { recordIssued } from "./registry.ts";

/**
 * Answers a workload's CSR relayed by its cluster's connector (DESIGN §3 "Certificates"):
 * per-cluster rate limit, the identity must be a workload or VM id of the cluster's mesh
 * that this cluster discovered, lifetime from MeshSettings, then the mesh CA signs and the
 * certificate is recorded. Never throws: every refusal is a SignError with a protocol code.
 */
export async function signWorkloadCsr(
  ctx: Context,
  cluster: TunnelCluster,
  req: Pick<SignRequest, "requestId" | "csrPem" | "identity" | "proxyId">,
): Promise<SignResponse__Input> {
  try {
    // First, so a connector flooding bad requests is limited too (and cheaply).
    ctx.ca.limiter.take(cluster.id);
    await checkClusterMayHold(ctx, cluster, req.identity);
    const { backend } = await backendFor(ctx, cluster.meshId);
    const settings = (await settingsOf(ctx.db, [cluster.meshId])).get(cluster.meshId)!;
    // The plan's proxy limit applies to new proxies only (billing/admit-proxy.ts).
    const issued = await admitProxy(ctx, cluster, req.proxyId, async (db) => {
      const cert = await backend.issue({
        csrPem: req.csrPem,
        identity: req.identity,
        ttlSeconds: Math.floor(parseDurationMs(settings.certificates.ttl) / 1000),
        // Ownership was checked above for exactly this identity.
        allowIdentity: (id) => id === req.identity,
      });
      await recordIssued(ctx, cluster, req.proxyId, cert, db);
      return cert;
    });
    return {
      requestId: req.requestId,
      certificate: {
        certChainPem: issued.chainPem,
        trustBundlePem: issued.trustBundle,
        notAfter: timestampFromMs(issued.notAfter.getTime()),
      },
    };
  } catch (err) {
    return { requestId: req.requestId, error: signErrorOf(ctx, cluster, err) };
  }
}

async function checkClusterMayHold(ctx: Context, cluster: TunnelCluster, identity: string): Promise<void> {
  const id = parseSpiffeId(identity);
  if (!id || id.kind === "connector") {
    throw new AppError("forbidden", `"${identity}" is not a workload or VM SPIFFE id`);
  }
  if (id.trustDomain !== cluster.trustDomain) {
    throw new AppError(
      "forbidden",
      `"${identity}" is in trust domain "${id.trustDomain}", not mesh ${cluster.meshName}'s "${cluster.trustDomain}"`,
    );
  }
  if (!(await clusterDiscovered(ctx.db, cluster.id, id))) {
    const what =
      id.kind === "vm"
        ? `a VM named ${id.name}`
        : `an endpoint in namespace ${id.namespace} with service account ${id.serviceAccount}`;
    throw new AppError(
      "forbidden",
      `cluster ${cluster.name} has not discovered ${what}, so it may not obtain "${identity}"`,
    );
  }
}

export function signErrorOf(
  ctx: Context,
  cluster: TunnelCluster,
  err: unknown,
): { code: ErrorCode; message: string; retryAfter?: { seconds: number; nanos: number } } {
  if (isCaError(err)) {
    if (err.kind === "state_invalid") {
      ctx.logger.error("mesh CA state cannot be used", { meshId: cluster.meshId, err });
      return { code: "unavailable", message: "the mesh CA is unavailable; retry later" };
    }
    return {
      code: err.code,
      message: err.message,
      ...(err.retryAfterMs === undefined ? {} : { retryAfter: durationFromMs(err.retryAfterMs) }),
    };
  }
  if (err instanceof AppError) return { code: err.code, message: err.message };
  ctx.logger.error("signing a workload certificate failed", { cluster: cluster.id, err });
  return { code: "internal", message: "signing failed on the control plane; retry later" };
}
