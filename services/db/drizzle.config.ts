import { defineConfig } from "drizzle-kit";

// `npm run db:generate -w @trellis/db` writes a new SQL migration after a schema change.
// Migrations are applied by migrate() at start; never `drizzle-kit push`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./drizzle",
});
