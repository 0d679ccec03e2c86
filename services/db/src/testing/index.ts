// Entry point `@trellis/db/testing`: the database harness for tests across packages.
export { findPostgresBin } from "./find-postgres.ts";
export { freePort, startPostgres, type ThrowawayPostgres } from "./start-postgres.ts";
export { createTestDatabase, type TestDatabase, withDatabase } from "./test-database.ts";
