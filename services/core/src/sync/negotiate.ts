import { snapshotSchemaId } from "@trellis/protocol/snapshot";
import { snapshotV2SchemaId } from "@trellis/protocol/snapshot/v2";

/** The snapshot schemas this control plane produces, newest first. */
export const producedSchemas: readonly string[] = [snapshotV2SchemaId, snapshotSchemaId];

/**
 * Which renderings a receiver gets for the schemas it accepts (Hello.accepted_schemas,
 * most preferred first): the first one we produce as the snapshot, the others we produce
 * as its alternates, in its order. No list is a connector released before snapshot v2:
 * v1 alone. A list with nothing we produce also gets v1 alone — the receiver refuses it,
 * and its NACK names the mismatch in /sync rather than the stream going silent.
 */
export function negotiate(accepted: readonly string[]): { primary: string; alternates: string[] } {
  const wanted = [...new Set(accepted)].filter((s) => producedSchemas.includes(s));
  if (wanted.length === 0) return { primary: snapshotSchemaId, alternates: [] };
  return { primary: wanted[0]!, alternates: wanted.slice(1) };
}
