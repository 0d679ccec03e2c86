// The deployable opens the store through core: only services/db and services/core touch
// the data layer (a lint boundary), yet main.ts chooses PostgreSQL or PGlite.
export {
  createDb,
  type Database,
  isDatabaseUnavailable,
  isForeignKeyViolation,
  isTransactionConflict,
} from "@trellis/db";
