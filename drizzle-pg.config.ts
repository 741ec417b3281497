import { defineConfig } from "drizzle-kit";

// The PostgreSQL store's migrations (`npm run db:generate:pg -- --name <what_changed>`), applied
// by openPostgresStore() under pg_advisory_lock. migrations/ stays SQLite's, so existing SQLite
// installs upgrade untouched.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/postgres/schema.ts",
  out: "./migrations-pg",
  casing: "snake_case",
});
