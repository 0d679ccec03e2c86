import { join } from "node:path";
import { loadOrCreateKek } from "@trellis/ca";
import type { Logger } from "../context.ts";

/** Where the key comes from: the deployment's settings of the same names. */
export interface KekSource {
  TRELLIS_KEK?: string | undefined;
  TRELLIS_DATA_DIR: string;
}

/**
 * The key-encryption key that seals every mesh CA's private keys and the secrets stored for
 * later use (AES-256-GCM envelopes, services/ca; crypto/at-rest.ts). TRELLIS_KEK (base64,
 * from the deployment's secret store) wins; the local embedded default — the only setup
 * the control plane's config allows without it — keeps one in `<data dir>/ca.kek` (0600),
 * created on first start and logged.
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
  return kek;
}

export const kekPath = (config: Pick<KekSource, "TRELLIS_DATA_DIR">) =>
  join(config.TRELLIS_DATA_DIR, "ca.kek");
