import { type ConfigSnapshot, parseConfigSnapshot, snapshotSchemaId } from "@trellis/protocol/snapshot";
import {
  type ConfigSnapshotV2,
  parseConfigSnapshotV2,
  snapshotV2SchemaId,
} from "@trellis/protocol/snapshot/v2";

/**
 * The snapshot schemas this connector reads, most preferred first (Hello.accepted_schemas).
 * v2 feeds the xDS server and v2-aware proxies; v1 is kept for proxies of the previous
 * release for one release.
 */
export const acceptedSchemas = [snapshotV2SchemaId, snapshotSchemaId] as const;
export type AcceptedSchema = (typeof acceptedSchemas)[number];

/** One rendering of a snapshot, as exact bytes to persist and hand on. */
export type HeldPayload = { schema: AcceptedSchema; payload: Buffer };

/** A snapshot that passed validation: every rendering the connector reads, primary first. */
export type AcceptedSnapshot = {
  version: number;
  nonce: string;
  payloads: HeldPayload[];
  v1: ConfigSnapshot | null;
  v2: ConfigSnapshotV2 | null;
};

export type SnapshotCheck = { ok: true; accepted: AcceptedSnapshot } | { ok: false; error: string };

type Wire = { schema: string; payload: Buffer | Uint8Array };

/**
 * Validates a tunnel ConfigSnapshot: the primary schema must be one we read; it and each
 * alternate we read must be JSON passing its protocol schema, and carry the message's
 * version (a mismatch would make ACKs and the last-known-good files lie about what is
 * applied). Alternates in schemas we do not read are ignored, not refused: a newer
 * control plane may render more than we need.
 */
export function checkSnapshot(msg: {
  version: number;
  nonce: string;
  schema: string;
  payload: Buffer | Uint8Array;
  alternates?: Wire[] | null;
}): SnapshotCheck {
  if (!isAccepted(msg.schema)) {
    return {
      ok: false,
      error: `unsupported snapshot schema "${msg.schema}" (this connector reads ${acceptedSchemas.join(", ")})`,
    };
  }
  const accepted: AcceptedSnapshot = {
    version: msg.version,
    nonce: msg.nonce,
    payloads: [],
    v1: null,
    v2: null,
  };
  const renderings = [{ schema: msg.schema, payload: msg.payload }, ...(msg.alternates ?? [])];
  for (const r of renderings) {
    if (!isAccepted(r.schema)) continue;
    if (accepted.payloads.some((p) => p.schema === r.schema)) {
      return { ok: false, error: `snapshot carries schema ${r.schema} twice` };
    }
    const error = addRendering(accepted, r.schema, Buffer.from(r.payload));
    if (error) return { ok: false, error: r === renderings[0] ? error : `alternate ${r.schema}: ${error}` };
  }
  return { ok: true, accepted };
}

function isAccepted(schema: string): schema is AcceptedSchema {
  return (acceptedSchemas as readonly string[]).includes(schema);
}

function addRendering(into: AcceptedSnapshot, schema: AcceptedSchema, payload: Buffer): string | null {
  let json: unknown;
  try {
    json = JSON.parse(payload.toString("utf8"));
  } catch (err) {
    return `snapshot payload is not valid JSON: ${(err as Error).message}`;
  }
  const parsed = schema === snapshotV2SchemaId ? parseConfigSnapshotV2(json) : parseConfigSnapshot(json);
  if (!parsed.ok) return parsed.error;
  if (parsed.snapshot.version !== into.version) {
    return `snapshot payload version ${parsed.snapshot.version} does not match message version ${into.version}`;
  }
  if (parsed.snapshot.schema === snapshotV2SchemaId) into.v2 = parsed.snapshot;
  else into.v1 = parsed.snapshot;
  into.payloads.push({ schema, payload });
  return null;
}

/**
 * Re-validates last-known-good payloads read from disk. When a crash fell between the
 * two writes their versions differ; only the newest version is kept, so every data plane
 * is served one consistent version (and the control plane resends to complete it).
 */
export function checkStoredSnapshot(stored: { v1: Buffer | null; v2: Buffer | null }): SnapshotCheck {
  const files = [
    { schema: snapshotV2SchemaId, payload: stored.v2 },
    { schema: snapshotSchemaId, payload: stored.v1 },
  ].flatMap((f) =>
    f.payload ? [{ schema: f.schema, payload: f.payload, version: versionOf(f.payload) }] : [],
  );
  if (files.length === 0) return { ok: false, error: "no stored snapshot" };
  const newest = Math.max(...files.map((f) => f.version));
  const [primary, ...alternates] = files.filter((f) => f.version === newest);
  return checkSnapshot({ ...primary!, version: newest, nonce: `disk-${newest}`, alternates });
}

function versionOf(payload: Buffer): number {
  try {
    return Number((JSON.parse(payload.toString("utf8")) as { version?: unknown }).version ?? 0);
  } catch {
    return 0; // checkSnapshot reports the parse error
  }
}

/**
 * The rendering to serve a data plane that reads `readable` (most preferred first);
 * an empty list means a data plane from before v2, which reads only v1.
 */
export function payloadFor(held: AcceptedSnapshot, readable: readonly string[]): HeldPayload | null {
  const wanted = readable.length > 0 ? readable : [snapshotSchemaId];
  for (const schema of wanted) {
    const found = held.payloads.find((p) => p.schema === schema);
    if (found) return found;
  }
  return null;
}

/** Same version and byte-identical renderings: a resend that needs no new write. */
export function sameSnapshot(a: AcceptedSnapshot, b: AcceptedSnapshot): boolean {
  if (a.version !== b.version || a.payloads.length !== b.payloads.length) return false;
  return a.payloads.every((p) =>
    b.payloads.some((q) => q.schema === p.schema && q.payload.equals(p.payload)),
  );
}
