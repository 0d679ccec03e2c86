import type { Tx } from "@trellis/db";
import { schema } from "@trellis/db";
import { type Actor, actorId } from "../actor.ts";
import { newId } from "../ids.ts";

export interface AuditInput {
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

/** Writes one audit row inside the mutation's own transaction, so both land or neither. */
export async function recordAudit(
  tx: Tx,
  actor: Actor,
  requestId: string | null,
  input: AuditInput,
): Promise<void> {
  await tx.insert(schema.auditLog).values({
    id: newId("audit"),
    orgId: actor.orgId,
    actor: actorId(actor),
    actorLabel: actor.label,
    action: input.action,
    target: input.target,
    requestId,
    details: input.details ?? null,
  });
}
