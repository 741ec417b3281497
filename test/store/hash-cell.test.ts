import { describe, expect, it } from "vitest";
import { fromHashCell, toHashCell } from "../../src/store/sqlite/hash-cell.js";

describe("hash cells", () => {
  it.each([
    // A 128-bit content hash and a 256-bit author HMAC, as the pipeline writes them: half the bytes.
    ["content hash", "fed9d4cbbb1b08e0a60c10da637e64bd", 16],
    ["author hash", "9814505a416fd1d81e40906abd505a837f9ff36dfc966f56b7186f066d19e1ef", 32],
  ])("stores a %s as its bytes and reads the same hex back", (_name, hex, bytes) => {
    const cell = toHashCell(hex);
    expect(Buffer.isBuffer(cell) && cell.length).toBe(bytes);
    expect(fromHashCell(cell as Buffer)).toBe(hex);
  });

  it.each([
    // Upper-case hex would come back lower-case: kept as text so it reads back unchanged.
    ["upper-case hex", "FED9D4CB"],
    ["odd length", "abc"],
    ["not hex", "hash-a1"],
    ["empty", ""],
  ])("keeps %s as text", (_name, value) => {
    expect(toHashCell(value)).toBe(value);
    expect(fromHashCell(value)).toBe(value);
  });
});
