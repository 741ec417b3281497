import { describe, expect, it } from "vitest";
import { accuracyOf, macroF1, perClass, scoreSets, toConfusion, toPrf } from "../../../src/classify/eval/metrics.js";

describe("toPrf", () => {
  it.each([
    // tp, fp, fn → precision, recall, f1 (worked by hand)
    [[3, 1, 2], [0.75, 0.6, 2 / 3]],
    [[0, 0, 0], [0, 0, 0]], // nothing predicted or expected: 0, not NaN
    [[0, 2, 0], [0, 0, 0]],
    [[5, 0, 0], [1, 1, 1]],
  ])("tp/fp/fn %j", ([tp, fp, fn], [p, r, f]) => {
    const prf = toPrf(tp!, fp!, fn!);
    expect(prf.precision).toBeCloseTo(p!);
    expect(prf.recall).toBeCloseTo(r!);
    expect(prf.f1).toBeCloseTo(f!);
  });
});

describe("three-class scores", () => {
  const labels = ["neg", "neu", "pos"] as const;
  // gold → predicted: neg→neg ×2, neg→neu ×1, neu→neu ×1, pos→pos ×1, pos→neg ×1
  const matrix = toConfusion(labels, [["neg", "neg"], ["neg", "neg"], ["neg", "neu"], ["neu", "neu"], ["pos", "pos"], ["pos", "neg"]]);

  it("counts the confusion matrix and accuracy", () => {
    expect(matrix.neg).toEqual({ neg: 2, neu: 1, pos: 0 });
    expect(accuracyOf(labels, matrix)).toBeCloseTo(4 / 6);
  });

  it("computes per-class F1 and their unweighted mean", () => {
    const scores = perClass(labels, matrix);
    // neg: P 2/3, R 2/3 → F1 2/3; neu: P 1/2, R 1 → 2/3; pos: P 1, R 1/2 → 2/3
    expect(scores.neg.f1).toBeCloseTo(2 / 3);
    expect(scores.neu.f1).toBeCloseTo(2 / 3);
    expect(scores.pos.f1).toBeCloseTo(2 / 3);
    expect(macroF1(scores, labels)).toBeCloseTo(2 / 3);
    expect(macroF1(scores, ["neg", "pos"])).toBeCloseTo(2 / 3);
  });
});

describe("scoreSets", () => {
  it("scores topics as sets: micro over all decisions, macro over labels seen", () => {
    const scores = scoreSets([
      [["delivery"], ["delivery", "slow_reply"]], // tp delivery, fp slow_reply
      [["slow_reply", "long_wait"], ["slow_reply"]], // tp slow_reply, fn long_wait
      [[], []],
    ]);
    // micro: tp 2, fp 1, fn 1 → P 2/3, R 2/3
    expect(scores.micro.f1).toBeCloseTo(2 / 3);
    // delivery F1 1; slow_reply P 1/2 R 1 → 2/3; long_wait 0 → macro (1 + 2/3 + 0) / 3
    expect(scores.perLabel.delivery?.f1).toBe(1);
    expect(scores.macroF1).toBeCloseTo((1 + 2 / 3 + 0) / 3);
    expect(scores.perLabel.long_wait?.support).toBe(1);
  });
});
