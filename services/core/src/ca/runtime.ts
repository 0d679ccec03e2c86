import { type AcmPcaClientOptions, type CaBackend, createIssuanceRateLimiter } from "@trellis/ca";
import type { Database } from "@trellis/db";
import type { CoreConfig } from "../config.ts";
import type { ConnectorCommands, Logger } from "../context.ts";
import { CaCommands } from "./commands.ts";

/** One loaded backend: the unsealed issuer key lives here, so it is decrypted once per state version. */
interface CachedBackend {
  key: string;
  backend: CaBackend;
}

/**
 * Per-process CA machinery, built once with the control plane: the loaded backends of the
 * meshes this replica signs for, and the per-cluster issuance limiter.
 */
export interface CaRuntime {
  readonly kek: Uint8Array;
  /** Credentials and retries for ACM Private CA (default: the AWS SDK's credential chain). */
  readonly acmPca: AcmPcaClientOptions;
  readonly limiter: ReturnType<typeof createIssuanceRateLimiter>;
  /** Command{RotateCertificates} to connectors, across replicas. */
  readonly commands: CaCommands;
  /** The cached backend of `meshId` if it was loaded for `key` (state version + phase). */
  cached(meshId: string, key: string): CaBackend | undefined;
  remember(meshId: string, key: string, backend: CaBackend): void;
  forget(meshId: string): void;
}

export function createCaRuntime(
  config: CoreConfig,
  kek: Uint8Array,
  options: {
    database: Database;
    logger: Logger;
    connectors: ConnectorCommands;
    acmPca?: AcmPcaClientOptions;
  },
): CaRuntime {
  const backends = new Map<string, CachedBackend>();
  return {
    kek,
    acmPca: options.acmPca ?? {},
    limiter: createIssuanceRateLimiter({
      ratePerSecond: config.CA_ISSUE_RATE_PER_SECOND,
      burst: config.CA_ISSUE_BURST,
    }),
    commands: new CaCommands(options.database, options.logger, options.connectors),
    cached(meshId, key) {
      const hit = backends.get(meshId);
      return hit?.key === key ? hit.backend : undefined;
    },
    remember(meshId, key, backend) {
      backends.set(meshId, { key, backend });
    },
    forget(meshId) {
      backends.delete(meshId);
    },
  };
}
