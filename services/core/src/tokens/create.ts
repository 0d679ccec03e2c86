import { schema } from "@trellis/db";
import { type CreatedToken, type CreateTokenInput, roleRank } from "@trellis/protocol/api";
import { actorId, authorize } from "../actor.ts";
import { recordAudit } from "../audit/record.ts";
import { hashSecret, newSecret } from "../crypto/secrets.ts";
import { forbidden } from "../errors.ts";
import { newId } from "../ids.ts";
import type { VerbArgs } from "../verb.ts";
import { tokenDto } from "./dto.ts";

/** Creates an org API token; the secret is returned once and stored only as a hash. */
export async function createToken({
  ctx,
  actor,
  requestId,
  input,
}: VerbArgs<CreateTokenInput>): Promise<CreatedToken> {
  authorize(actor, "tokens.write");
  if (roleRank(input.role) > roleRank(actor.role)) {
    throw forbidden(`a ${actor.role} cannot create a token with the ${input.role} role`);
  }
  const secret = newSecret("trl_pat");
  const expiresAt = input.expiresInDays
    ? new Date(ctx.clock.now().getTime() + input.expiresInDays * 86_400_000)
    : null;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schema.apiTokens)
      .values({
        id: newId("token"),
        orgId: actor.orgId,
        name: input.name,
        role: input.role,
        prefix: secret.slice(0, 12),
        secretHash: hashSecret(secret),
        createdBy: actorId(actor),
        expiresAt,
      })
      .returning();
    await recordAudit(tx, actor, requestId, {
      action: "token.create",
      target: row!.id,
      details: { name: input.name, role: input.role },
    });
    return { ...tokenDto(row!), token: secret };
  });
}
