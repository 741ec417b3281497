import { describe, expect, it } from "vitest";
import { trainLinear, type TrainingExample } from "../../../src/classify/model/train-linear.js";

const BUCKETS = 16;
// Feature 1 marks negative texts, 2 positive, 3 neutral; 4 marks the topic "delivery"; 0 is a bias.
const example = (features: number[], labels: Partial<TrainingExample>): TrainingExample => ({
  indices: Int32Array.from([0, ...features]),
  values: Float32Array.from([1, ...features.map(() => 1)]),
  weight: 1,
  ...labels,
});
const data: TrainingExample[] = [
  ...Array.from({ length: 20 }, () => example([1, 4], { sentiment: "negative", complaint: true, topics: ["delivery"] })),
  ...Array.from({ length: 20 }, () => example([2], { sentiment: "positive", complaint: false, topics: [] })),
  ...Array.from({ length: 20 }, () => example([3], { sentiment: "neutral", complaint: false, topics: [] })),
];

const weight = (w: Float32Array, heads: string[], feature: number, head: string) => w[feature * heads.length + heads.indexOf(head)]!;

describe("trainLinear", () => {
  it("learns separable heads", () => {
    const { heads, weights } = trainLinear(data, { buckets: BUCKETS, topics: ["delivery"] });
    expect(heads).toEqual(["sentiment:negative", "sentiment:neutral", "sentiment:positive", "complaint", "topic:delivery"]);
    expect(weight(weights, heads, 1, "sentiment:negative")).toBeGreaterThan(weight(weights, heads, 1, "sentiment:positive"));
    expect(weight(weights, heads, 2, "sentiment:positive")).toBeGreaterThan(0);
    expect(weight(weights, heads, 4, "topic:delivery")).toBeGreaterThan(0);
    expect(weight(weights, heads, 2, "complaint")).toBeLessThan(0);
  });

  it("gives the same weights for the same seed", () => {
    const a = trainLinear(data, { buckets: BUCKETS, topics: ["delivery"], seed: 7 });
    const b = trainLinear(data, { buckets: BUCKETS, topics: ["delivery"], seed: 7 });
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
  });

  it("trains only the heads an example labels", () => {
    // Sentiment-only examples must leave complaint and topic weights untouched.
    const sentimentOnly = data.map((e) => ({ ...e, complaint: undefined, topics: undefined }));
    const { heads, weights } = trainLinear(sentimentOnly, { buckets: BUCKETS, topics: ["delivery"] });
    for (let f = 0; f < BUCKETS; f++) {
      expect(weight(weights, heads, f, "complaint")).toBe(0);
      expect(weight(weights, heads, f, "topic:delivery")).toBe(0);
    }
  });

  it("starts from a prior and adds a zero head for a topic the prior lacks", () => {
    const prior = trainLinear(data, { buckets: BUCKETS, topics: ["delivery"] });
    const tuned = trainLinear([], { buckets: BUCKETS, topics: ["delivery", "baggage"], prior });
    expect(weight(tuned.weights, tuned.heads, 4, "topic:delivery")).toBe(weight(prior.weights, prior.heads, 4, "topic:delivery"));
    expect(weight(tuned.weights, tuned.heads, 4, "topic:baggage")).toBe(0);
  });
});
