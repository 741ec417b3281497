import { openSqliteStore } from "../../src/store/sqlite/store.js";
import { storeContract } from "./contract.js";

storeContract("sqlite", async () => {
  const store = openSqliteStore(":memory:");
  return { store, close: () => store.close() };
});
