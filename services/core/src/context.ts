import type { Database, Db } from "@trellis/db";
import type { ControlMessage__Input } from "@trellis/protocol/tunnel";
import type { Registry } from "prom-client";
import type { BillingRuntime } from "./billing/runtime.ts";
import type { CaRuntime } from "./ca/runtime.ts";
import type { ChangeFeed } from "./changes.ts";
import type { Clock } from "./clock.ts";
import type { CoreConfig } from "./config.ts";
import type { TapRelay } from "./tap/relay.ts";

export type Fields = Record<string, unknown>;

/** Structured logs (the deployable writes them as JSON lines). Never log secrets. */
export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

/** A connector stream this replica holds, as a command needs it. */
export interface CommandTarget {
  readonly cluster: { id: string };
  send(msg: ControlMessage__Input): void;
}

/**
 * The port through which the domain sends commands (StartTap, StopTap, RotateCertificates)
 * to connectors: the streams this replica holds, implemented by the tunnel
 * (services/control-plane/src/tunnel/streams.ts); it holds none without the tunnel role.
 */
export interface ConnectorCommands {
  /** This replica's open, welcomed streams of a mesh. */
  streamsOf(meshId: string): CommandTarget[];
}

/**
 * What every verb receives: built once by the deployable (or a test) and passed down;
 * nothing in core reads process.env or opens a port.
 */
export interface Context {
  config: CoreConfig;
  database: Database;
  db: Db;
  logger: Logger;
  clock: Clock;
  metrics: Registry;
  changes: ChangeFeed;
  /** Mesh CAs: the key-encryption key, loaded backends, the issuance limiter (ca/). */
  ca: CaRuntime;
  /** Live taps across replicas (start/stop commands, events back to the watching client). */
  taps: TapRelay;
  /** Stripe, when billing is on (billing/runtime.ts); off means no limits and no metering. */
  billing: BillingRuntime;
  /** Identifies this process among control-plane replicas. */
  replicaId: string;
}
