import { describe, expect, it } from "vitest";
import { findJsonErrorPosition } from "../../src/http/json-position.js";

describe("findJsonErrorPosition", () => {
  it.each([
    // Node 20's JSON.parse gives no position for "Unexpected token" errors like these two.
    { name: "missing value", text: '{"a":}', offset: 5, line: 1, column: 6 },
    { name: "double comma in array", text: "[1,2,,]", offset: 5, line: 1, column: 6 },
    { name: "HTML instead of JSON", text: "<html>", offset: 0, line: 1, column: 1 },
    { name: "truncated object", text: '{"a":1', offset: 6, line: 1, column: 7 },
    { name: "trailing garbage", text: '{"a":1} x', offset: 8, line: 1, column: 9 },
    { name: "trailing comma in object", text: '{"a":1,}', offset: 7, line: 1, column: 8 },
    { name: "bad escape", text: '["\\x"]', offset: 2, line: 1, column: 3 },
    { name: "raw control character in string", text: '["a\nb"]', offset: 3, line: 1, column: 4 },
    { name: "second line", text: '{\n  "a": tru\n}', offset: 9, line: 2, column: 8 },
    { name: "empty input", text: "", offset: 0, line: 1, column: 1 },
  ])("$name", ({ text, offset, line, column }) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonErrorPosition(text)).toEqual({ offset, line, column });
  });

  it.each([
    { name: "valid JSON", text: '{"a":[1,-2.5e3,true,null,"\\u00e9"]}' },
    { name: "nesting deeper than the scanner follows", text: `${"[".repeat(600)}x` },
  ])("returns undefined for $name", ({ text }) => {
    expect(findJsonErrorPosition(text)).toBeUndefined();
  });
});
