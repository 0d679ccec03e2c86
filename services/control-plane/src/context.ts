import type { Database, Db } from "@trellis/db";
import type { Registry } from "prom-client";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { CaRuntime } from "./domain/ca/runtime.ts";
import type { ChangeFeed } from "./domain/changes.ts";
import type { TapRelay } from "./domain/tap/relay.ts";
import type { Logger } from "./observability/logger.ts";

/** Built once in main.ts (or a test) and passed down; nothing reads process.env past config.ts. */
export interface Context {
  config: Config;
  database: Database;
  db: Db;
  logger: Logger;
  clock: Clock;
  metrics: Registry;
  changes: ChangeFeed;
  /** Mesh CAs: the key-encryption key, loaded backends, the issuance limiter (domain/ca). */
  ca: CaRuntime;
  /** Live taps across replicas (start/stop commands, events back to the watching client). */
  taps: TapRelay;
  /** Identifies this process among control-plane replicas. */
  replicaId: string;
}
