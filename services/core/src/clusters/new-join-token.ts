import { authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import type { VerbArgs } from "../verb.ts";
import { findCluster } from "./find.ts";
import { issueJoinToken } from "./join-token.ts";

/** A fresh one-time join token, e.g. to reinstall a connector or re-admit a revoked cluster. */
export async function newJoinToken({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<{ mesh: string; name: string }>) {
  authorize(actor, "clusters.write");
  return ctx.db.transaction(async (tx) => {
    const { cluster } = await findCluster(tx, actor.orgId, input.mesh, input.name);
    const joinToken = await issueJoinToken(tx, actor.orgId, cluster.id, ctx.clock.now());
    await recordAudit(tx, actor, requestId, { action: "cluster.join-token", target: cluster.id });
    return joinToken;
  });
}
