import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** The drizzle handle, the same type over postgres-js and PGlite. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: what verbs receive inside `db.transaction`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A database connection plus the LISTEN/NOTIFY the control-plane replicas share. */
export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** Sends a NOTIFY on `channel`; delivered to every listener, on every replica. */
  notify(channel: string, payload: string): Promise<void>;
  /** Subscribes to `channel`; resolves once LISTEN is active, with an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
