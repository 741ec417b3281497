import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Evidence } from "../../src/core/classification.js";
import { fromStoredEvidence, toEvidenceJson, toStoredEvidence } from "../../src/store/evidence-codec.js";

const TITLE_AND_TEXT = "Paketti myöhässä\nTilasin kengät, paketti on myöhässä jo viikon eikä kukaan vastaa.";

describe("packed evidence", () => {
  it.each<[string, Evidence[]]>([
    // The model's spans: matches are the text at their offsets, so no string is stored.
    ["model spans", [{ kind: "sentiment", match: "myöhässä", start: 8, end: 16, weight: -0.14, by: "model" }, { kind: "complaint", match: "vastaa", start: 78, end: 84, weight: 0.39, by: "model" }]],
    // `model:<p>` is rebuilt from the weight.
    ["model scores", [{ kind: "complaint", match: "model:0.99", weight: 0.99, by: "model" }, { kind: "topic", topic: "delivery", match: "model:1.00", weight: 1, by: "model" }]],
    // Rule names with a common prefix and a number after it; a language verdict.
    ["rule names", [{ kind: "language", match: "fi:declared", weight: 1 }, { kind: "complaint", match: "negative-report-on-topic (problem 2.5)", weight: 2.5 }, { kind: "sentiment", match: "rating:2/5", weight: -3.75 }]],
    // A custom taxonomy's topic is stored in full, once, then referenced.
    ["custom topic repeated", [{ kind: "topic", topic: "baggage", match: "laukku", weight: 0.7 }, { kind: "topic", topic: "baggage", match: "model:0.61", weight: 0.61, by: "model" }]],
    // A span whose match is not the text there (a folded or quoted form) keeps its string.
    ["match differs from the text", [{ kind: "sentiment", match: "sarcasm:'great'", start: 0, end: 7, weight: -1.5 }]],
    // Weights that are not in hundredths, negative zero and large ones.
    ["odd weights", [{ kind: "sentiment", match: "CAPITALS", weight: 0.123456789 }, { kind: "sentiment", match: "x", weight: -0 }, { kind: "complaint", match: "y", weight: 123456.78 }]],
    ["no weight, no span", [{ kind: "complaint", match: "problem-report" }]],
    ["empty", []],
  ])("%s: decodes to the same JSON, byte for byte", (_name, evidence) => {
    const stored = toStoredEvidence(evidence, TITLE_AND_TEXT);
    expect(stored).toBeInstanceOf(Uint8Array);
    expect(toEvidenceJson(stored, TITLE_AND_TEXT)).toBe(JSON.stringify(evidence));
  });

  it("keeps JSON for entries it cannot reproduce exactly", () => {
    const unknownKey = [{ kind: "topic", topic: "delivery", match: "x", note: "added by a newer classifier" }] as unknown as Evidence[];
    const keysInAnotherOrder = [{ match: "x", kind: "complaint" }] as Evidence[];
    const fractionalOffset = [{ kind: "sentiment", match: "x", start: 1.5, end: 2 }] as Evidence[];
    for (const evidence of [unknownKey, keysInAnotherOrder, fractionalOffset]) {
      expect(toStoredEvidence(evidence, TITLE_AND_TEXT)).toBe(JSON.stringify(evidence));
    }
  });

  it("stores the model's evidence of a typical complaint in a tenth of the JSON", () => {
    const evidence: Evidence[] = [
      { kind: "language", match: "fi:declared", weight: 1 },
      { kind: "sentiment", match: "problem-report", weight: -1 },
      { kind: "complaint", match: "model:0.99", weight: 0.99, by: "model" },
      { kind: "topic", topic: "delivery", match: "model:0.87", weight: 0.87, by: "model" },
      { kind: "sentiment", match: "myöhässä", start: 8, end: 16, weight: -0.14, by: "model" },
      { kind: "complaint", match: "myöhässä", start: 8, end: 16, weight: 0.42, by: "model" },
      { kind: "topic", topic: "delivery", match: "paketti", start: 39, end: 46, weight: 0.95, by: "model" },
    ];
    const stored = toStoredEvidence(evidence, TITLE_AND_TEXT);
    expect(stored.length).toBeLessThan(JSON.stringify(evidence).length / 10);
  });

  it("reads JSON rows written before packing existed", () => {
    const json = '[{"kind":"complaint","match":"model:0.99","weight":0.99,"by":"model"}]';
    expect(fromStoredEvidence(json, "")).toEqual(JSON.parse(json));
    expect(toEvidenceJson(json, "")).toBe(json);
  });

  it("names the problem when packed bytes are damaged", () => {
    const stored = toStoredEvidence([{ kind: "complaint", match: "problem-report (calm register)", weight: 1 }], "") as Uint8Array;
    expect(() => fromStoredEvidence(stored.subarray(0, stored.length - 1), "")).toThrow(/mentions\.evidence: packed entries end early/);
    expect(() => fromStoredEvidence(Uint8Array.of(9, 0), "")).toThrow(/unknown packed format 9/);
  });

  it("round-trips any evidence the classifier could write (property)", () => {
    const entry = fc.record(
      {
        kind: fc.constantFrom("sentiment", "complaint", "topic", "language"),
        topic: fc.constantFrom("delivery", "baggage", "slow_reply", "é"),
        match: fc.oneof(fc.string(), fc.constantFrom("rating:", "lt:words", "model:0.50")),
        start: fc.nat(120),
        end: fc.nat(120),
        weight: fc.oneof(fc.integer({ min: -500, max: 500 }).map((n) => n / 100), fc.double({ noNaN: true, noDefaultInfinity: true })),
        by: fc.constant("model"),
      },
      { requiredKeys: ["kind", "match"] },
    );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), fc.string(), (raw, text) => {
        // Entries as the classifier builds them: keys in its order, spans with start ≤ end.
        const evidence = raw.map((e) => {
          const out: Record<string, unknown> = { kind: e.kind };
          if (e.topic !== undefined) out.topic = e.topic;
          out.match = e.match;
          if (e.start !== undefined && e.end !== undefined) Object.assign(out, { start: Math.min(e.start, e.end), end: Math.max(e.start, e.end) });
          if (e.weight !== undefined) out.weight = e.weight;
          if (e.by !== undefined) out.by = e.by;
          return out as unknown as Evidence;
        });
        expect(toEvidenceJson(toStoredEvidence(evidence, text), text)).toBe(JSON.stringify(evidence));
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});
