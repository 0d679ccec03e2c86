import { parseConfigSnapshot, snapshotSchemaId } from "@trellis/protocol/snapshot";
import {
  type ConfigSnapshotV2,
  parseConfigSnapshotV2,
  snapshotV2SchemaId,
} from "@trellis/protocol/snapshot/v2";
import { v1ToV2 } from "./v1/to-v2.ts";

/** The snapshot schemas this proxy reads, most preferred first (ProxyHello.accepted_schemas). */
export const acceptedSchemas: readonly string[] = [snapshotV2SchemaId, snapshotSchemaId];

/**
 * A payload as snapshot v2, whichever schema it was sent in: v2 is validated as it is;
 * v1 (from a connector or control plane of the previous release) is validated against v1
 * and converted. The schema is the one the connector named, else the payload's own
 * `schema` field.
 */
export function readSnapshot(
  payload: string,
  namedSchema: string,
): { ok: true; snapshot: ConfigSnapshotV2; schema: string } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch (err) {
    return { ok: false, error: `payload is not JSON: ${(err as Error).message}` };
  }
  const own = typeof json === "object" && json !== null ? (json as { schema?: unknown }).schema : undefined;
  const schema = namedSchema || (typeof own === "string" ? own : snapshotSchemaId);
  if (schema === snapshotV2SchemaId) {
    const parsed = parseConfigSnapshotV2(json);
    return parsed.ok ? { ...parsed, schema } : parsed;
  }
  if (schema !== snapshotSchemaId)
    return {
      ok: false,
      error: `snapshot schema ${schema} is not one this proxy reads (${acceptedSchemas.join(", ")})`,
    };
  const parsed = parseConfigSnapshot(json);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, snapshot: v1ToV2(parsed.snapshot), schema };
  } catch (err) {
    return { ok: false, error: `${snapshotSchemaId}: ${(err as Error).message}` };
  }
}
