import { describe, expect, it } from "vitest";
import { openTestPgStore, pgAvailable, pgSkipReason } from "../helpers/postgres.js";
import { storeContract } from "./contract.js";

if (pgAvailable) {
  storeContract("postgres", async () => {
    const store = await openTestPgStore();
    return { store, close: () => store.dropDatabase() };
  });

  describe("postgres store limits", () => {
    it("says which methods it does not have yet instead of answering with nothing", async () => {
      const store = await openTestPgStore();
      try {
        await expect(store.rewriteRawPayloads({ to: "keep" })).rejects.toThrow(/postgres store: rewriteRawPayloads .* not available on PostgreSQL yet/u);
        await expect(store.saveClassifications([])).rejects.toMatchObject({ code: "ES_ERR_UNSUPPORTED" });
      } finally {
        await store.dropDatabase();
      }
    });
  });
} else {
  describe.skip(`Store contract: postgres (skipped: ${pgSkipReason})`, () => {
    it("runs with EARSHOT_TEST_PG_URL set", () => undefined);
  });
}
