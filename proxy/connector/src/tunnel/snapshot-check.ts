import { type ConfigSnapshot, parseConfigSnapshot, snapshotSchemaId } from "@trellis/protocol/snapshot";

/** A snapshot that passed validation, with the exact bytes to persist and hand to proxies. */
export type AcceptedSnapshot = {
  version: number;
  nonce: string;
  payload: Buffer;
  snapshot: ConfigSnapshot;
};

export type SnapshotCheck = { ok: true; accepted: AcceptedSnapshot } | { ok: false; error: string };

/**
 * Validates a tunnel ConfigSnapshot: the schema id, the JSON payload against the
 * protocol's zod schema, and that the payload's version is the message's version (a
 * mismatch would make ACKs and the last-known-good file lie about what is applied).
 */
export function checkSnapshot(msg: {
  version: number;
  nonce: string;
  schema: string;
  payload: Buffer | Uint8Array;
}): SnapshotCheck {
  if (msg.schema !== snapshotSchemaId) {
    return {
      ok: false,
      error: `unsupported snapshot schema "${msg.schema}" (this connector speaks ${snapshotSchemaId})`,
    };
  }
  const payload = Buffer.from(msg.payload);
  let json: unknown;
  try {
    json = JSON.parse(payload.toString("utf8"));
  } catch (err) {
    return { ok: false, error: `snapshot payload is not valid JSON: ${(err as Error).message}` };
  }
  const parsed = parseConfigSnapshot(json);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  if (parsed.snapshot.version !== msg.version) {
    return {
      ok: false,
      error: `snapshot payload version ${parsed.snapshot.version} does not match message version ${msg.version}`,
    };
  }
  return {
    ok: true,
    accepted: { version: msg.version, nonce: msg.nonce, payload, snapshot: parsed.snapshot },
  };
}

/** Re-validates a last-known-good payload read from disk. */
export function checkStoredSnapshot(payload: Buffer): SnapshotCheck {
  let version = 0;
  try {
    version = Number((JSON.parse(payload.toString("utf8")) as { version?: unknown }).version ?? 0);
  } catch {
    // checkSnapshot reports the parse error.
  }
  return checkSnapshot({ version, nonce: `disk-${version}`, schema: snapshotSchemaId, payload });
}
