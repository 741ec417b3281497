import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The summary reporter prints the closing "N passed, N failed" line CI reads.
    reporters: ["default", "./test/helpers/summary-reporter.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: "forks",
  },
});
