import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { toFloatWeights, type LinearModel } from "../../../src/classify/model/linear-model.js";
import { parseModelBytes, toModelBytes } from "../../../src/classify/model/model-file.js";
import { ParseError } from "../../../src/core/errors.js";

function model(): LinearModel {
  const heads = ["sentiment:negative", "sentiment:neutral", "sentiment:positive", "complaint"];
  const weights = Float32Array.from({ length: 64 * heads.length }, (_, i) => Math.sin(i) * (i % 7 === 0 ? 0 : 2));
  return {
    buckets: 64, heads, weights,
    decisions: { thresholds: { complaint: 0.45, "complaint@lt": 0.4 } },
    meta: { id: "", createdAt: new Date(0).toISOString(), trainedOn: [{ name: "toy", items: 3 }], rulesFeatures: true, command: "test" },
  };
}

describe("model file", () => {
  it("round-trips heads, decisions and weights within the int16 step", () => {
    const original = model();
    const restored = parseModelBytes(toModelBytes(original), "toy.model");
    expect(restored.heads).toEqual(original.heads);
    expect(restored.decisions).toEqual(original.decisions);
    expect(restored.meta.id).toMatch(/^[0-9a-f]{10}$/);
    const step = 2 / 32767;
    const floats = toFloatWeights(restored);
    original.weights.forEach((w, i) => expect(Math.abs(floats[i]! - w)).toBeLessThanOrEqual(step));
    // Loaded weights are a view on the file's int16 bytes, and write back unchanged.
    expect(restored.weights).toBeInstanceOf(Int16Array);
    expect(toModelBytes(restored).equals(toModelBytes(original))).toBe(true);
  });

  it("reads a gzip-compressed model file too", () => {
    const restored = parseModelBytes(gzipSync(toModelBytes(model())), "toy.model.gz");
    expect(restored.heads).toHaveLength(4);
  });

  it("writes the same bytes for the same model", () => {
    expect(toModelBytes(model()).equals(toModelBytes(model()))).toBe(true);
  });

  it.each([
    ["another file", Buffer.from("hello")],
    ["gzip of another file", Buffer.from("1f8b0800000000000003cb48cdc9c90700863ba61005000000", "hex")],
    ["a truncated model", toModelBytes(model()).subarray(0, 200)],
  ])("refuses %s with a ParseError naming the file", (_, bytes) => {
    expect(() => parseModelBytes(bytes, "broken.model")).toThrow(ParseError);
    expect(() => parseModelBytes(bytes, "broken.model")).toThrow(/broken\.model/);
  });
});
