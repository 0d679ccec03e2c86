import type { Db, Tx } from "@trellis/db";

/**
 * Runs `read`'s queries in one consistent snapshot of the database (a read-only,
 * repeatable-read transaction): what several queries return belongs to one moment, so a
 * write committing between them cannot make one answer disagree with itself.
 */
export function readSnapshot<T>(db: Db, read: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(read, { isolationLevel: "repeatable read", accessMode: "read only" });
}
