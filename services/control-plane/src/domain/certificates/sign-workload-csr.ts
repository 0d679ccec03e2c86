import type { SignRequest, SignResponse__Input } from "@trellis/protocol/tunnel";
import type { Context } from "../../context.ts";
import { signWorkloadCsr as signWithMeshCa } from "../ca/sign.ts";
import type { TunnelCluster } from "../tunnel-auth/tunnel-cluster.ts";

/**
 * Answers a proxy's CSR relayed by its connector: the tunnel's seam to the mesh CA
 * (domain/ca/sign.ts checks the identity belongs to `cluster`, rate-limits, issues, records).
 */
export async function signWorkloadCsr(
  ctx: Context,
  cluster: TunnelCluster,
  req: SignRequest,
): Promise<SignResponse__Input> {
  return signWithMeshCa(ctx, cluster, req);
}
