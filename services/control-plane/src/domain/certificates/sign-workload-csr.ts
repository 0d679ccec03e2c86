import type { SignRequest, SignResponse__Input } from "@trellis/protocol/tunnel";
import type { Context } from "../../context.ts";
import type { TunnelCluster } from "../tunnel-auth/tunnel-cluster.ts";

/**
 * Answers a proxy's CSR relayed by its connector. The seam for the CA work: it will check
 * that `req.identity` belongs to `cluster`'s mesh, issue through the mesh's CA backend and
 * answer with the chain and trust bundle. Until then every request is refused as unavailable.
 */
export async function signWorkloadCsr(
  _ctx: Context,
  _cluster: TunnelCluster,
  req: SignRequest,
): Promise<SignResponse__Input> {
  return {
    requestId: req.requestId,
    error: { code: "unavailable", message: "the CA is not wired yet" },
  };
}
