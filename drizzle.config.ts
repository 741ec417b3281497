import { defineConfig } from "drizzle-kit";

// Migrations are generated at development time (`npm run db:generate -- --name <what_changed>`)
// and applied by openDb() at run time; drizzle-kit is never needed on a user's machine.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/store/sqlite/schema.ts",
  out: "./migrations",
  casing: "snake_case",
});
