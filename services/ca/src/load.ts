import { type AcmPcaClientOptions, acmPcaLeafBackend } from "./acm-pca/leaf-backend.ts";
import type { CaBackend } from "./backend.ts";
import { localBackend } from "./local-backend.ts";
import { parseCaState } from "./state.ts";

export type LoadCaOptions = {
  /** Clock for validity periods; default `() => new Date()`. */
  now?: () => Date;
  /** Credentials, retry and timing for ACM PCA leaf mode. */
  acmPca?: AcmPcaClientOptions;
};

/**
 * Turns a stored CA state into a working backend. Decrypts the issuer key once; keep the
 * returned backend (per mesh, per state version) rather than loading per request.
 */
export function loadCa(state: unknown, kek: Uint8Array, options: LoadCaOptions = {}): CaBackend {
  const parsed = parseCaState(state);
  const now = options.now ?? (() => new Date());
  const active = parsed.active;
  if (active.kind === "aws-acm-pca-leaf") return acmPcaLeafBackend(parsed, active, now, options.acmPca ?? {});
  return localBackend(parsed, active, kek, now);
}
