// Entry point `@trellis/db`.
export { createDb, type DbOptions, migrationsFolder, runMigrations } from "./create-db.ts";
export type { Database, Db, Schema, Tx } from "./database.ts";
export { isDatabaseUnavailable, isForeignKeyViolation, isTransactionConflict } from "./pg-errors.ts";
export * as schema from "./schema/index.ts";
