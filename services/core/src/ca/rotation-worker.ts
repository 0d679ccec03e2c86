import { finishRotation } from "@trellis/ca";
import { schema } from "@trellis/db";
import { eq, inArray, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Context } from "../context.ts";
import { announceConfig, bumpConfigVersion } from "../meshes/config-version.ts";
import { pruneRegistry } from "./registry.ts";
import { bundleEverywhere, reissuedEverywhere, rotationProgress } from "./rotation-progress.ts";
import { stateOf } from "./store.ts";

/** What one step did to a mesh's rotation (for logs and tests). */
export type RotationStep = "waiting" | "reissuing" | "resent" | "complete";

type Outcome =
  | { step: "waiting" }
  | { step: "reissuing" | "resent"; notify: string[] }
  | { step: "complete"; version: number };

/**
 * Advances one mesh's rotation by at most one phase:
 *   pushing-bundle → reissuing  once every connected cluster ACKed (and every live proxy
 *                               applied) the snapshot with both roots; connectors are told
 *                               to renew now (Command{RotateCertificates});
 *   reissuing → complete        once every live proxy reports a leaf from the new root;
 *                               the old root leaves the bundle and the config is bumped.
 * While re-issuing, lagging clusters are reminded every CA_ROTATION_RESEND_MS. The row
 * lock (skipped when another replica holds it) makes concurrent workers safe.
 */
export async function advanceRotation(ctx: Context, meshId: string): Promise<RotationStep> {
  const outcome = await ctx.db.transaction(async (tx): Promise<Outcome> => {
    const [row] = await tx
      .select()
      .from(schema.meshCas)
      .where(eq(schema.meshCas.meshId, meshId))
      .for("update", { skipLocked: true });
    if (!row) return { step: "waiting" };
    const progress = await rotationProgress(ctx, tx, row);
    const now = ctx.clock.now();
    const set = (values: PgUpdateSetSource<typeof schema.meshCas>) =>
      tx
        .update(schema.meshCas)
        .set({ ...values, updatedAt: now })
        .where(eq(schema.meshCas.meshId, meshId));
    if (row.rotationPhase === "pushing-bundle") {
      if (!bundleEverywhere(progress)) return { step: "waiting" };
      await set({ rotationPhase: "reissuing", rotationCommandAt: now });
      return { step: "reissuing", notify: progress.laggingClusterIds };
    }
    if (row.rotationPhase !== "reissuing") return { step: "waiting" };
    if (!reissuedEverywhere(progress)) {
      const last = row.rotationCommandAt?.getTime() ?? 0;
      if (now.getTime() - last < ctx.config.CA_ROTATION_RESEND_MS) return { step: "waiting" };
      await set({ rotationCommandAt: now });
      return { step: "resent", notify: progress.laggingClusterIds };
    }
    const state = stateOf(row);
    if (!state) return { step: "waiting" };
    const version = await bumpConfigVersion(tx, meshId, now);
    await set({
      state: finishRotation(state),
      stateVersion: sql`${schema.meshCas.stateVersion} + 1`,
      rotationPhase: "complete",
      rotationFinishedAt: now,
    });
    return { step: "complete", version };
  });
  if ("notify" in outcome) await ctx.ca.commands.rotate(meshId, outcome.notify);
  if ("version" in outcome) {
    ctx.logger.info("CA rotation complete: the old root left the bundle", { meshId });
    await announceConfig(ctx, meshId, outcome.version);
  }
  return outcome.step;
}

/** One pass of the CA worker: every running rotation one step on, then registry retention. */
export async function runCaWorkerPass(
  ctx: Context,
): Promise<{ steps: Map<string, RotationStep>; pruned: number }> {
  const running = await ctx.db
    .select({ meshId: schema.meshCas.meshId })
    .from(schema.meshCas)
    .where(inArray(schema.meshCas.rotationPhase, ["pushing-bundle", "reissuing"]));
  const steps = new Map<string, RotationStep>();
  for (const { meshId } of running) {
    try {
      steps.set(meshId, await advanceRotation(ctx, meshId));
    } catch (err) {
      ctx.logger.error("CA rotation step failed", { meshId, err });
    }
  }
  return { steps, pruned: await pruneRegistry(ctx) };
}
