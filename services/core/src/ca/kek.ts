import { join } from "node:path";
import { loadOrCreateKek } from "@trellis/ca";
import type { Logger } from "../context.ts";

/** Where the key comes from: the deployment's settings of the same names. */
export interface KekSource {
  TRELLIS_KEK?: string | undefined;
  DATABASE_URL?: string | undefined;
  TRELLIS_DATA_DIR: string;
}

/**
 * The key-encryption key that seals every mesh CA's private keys (AES-256-GCM envelopes,
 * services/ca). TRELLIS_KEK (base64, from the deployment's secret store) wins; the embedded
 * default keeps one in `<data dir>/ca.kek` (0600), created on first start and logged.
 */
export async function loadKek(config: KekSource, logger: Logger): Promise<Uint8Array> {
  if (config.TRELLIS_KEK) return Buffer.from(config.TRELLIS_KEK, "base64");
  const path = kekPath(config);
  const { kek, created } = await loadOrCreateKek(path);
  if (created) {
    logger.warn("created a new CA key-encryption key; back it up — without it no mesh CA can sign", {
      path,
    });
  }
  if (config.DATABASE_URL) {
    // Replicas on one database must share the key, or a CA sealed by one is unreadable to the others.
    logger.warn("TRELLIS_KEK is not set: CA keys are sealed with a key from this replica's data dir", {
      path,
    });
  }
  return kek;
}

export const kekPath = (config: Pick<KekSource, "TRELLIS_DATA_DIR">) =>
  join(config.TRELLIS_DATA_DIR, "ca.kek");
