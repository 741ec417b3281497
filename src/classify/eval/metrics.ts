/** Classification metrics, written out so the maths is checkable by hand (test/classify/eval). */

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export function toPrf(tp: number, fp: number, fn: number): Prf {
  // An empty denominator scores 0, as scikit-learn's zero_division=0 does.
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, support: tp + fn };
}

/** matrix[gold][predicted] counts. */
export type Confusion<L extends string> = Record<L, Record<L, number>>;

export function toConfusion<L extends string>(labels: readonly L[], pairs: ReadonlyArray<readonly [gold: L, predicted: L]>): Confusion<L> {
  const matrix = Object.fromEntries(labels.map((g) => [g, Object.fromEntries(labels.map((p) => [p, 0]))])) as Confusion<L>;
  for (const [gold, predicted] of pairs) matrix[gold][predicted]++;
  return matrix;
}

export function perClass<L extends string>(labels: readonly L[], matrix: Confusion<L>): Record<L, Prf> {
  const out = {} as Record<L, Prf>;
  for (const label of labels) {
    const tp = matrix[label][label];
    let fp = 0;
    let fn = 0;
    for (const other of labels) {
      if (other === label) continue;
      fp += matrix[other][label];
      fn += matrix[label][other];
    }
    out[label] = toPrf(tp, fp, fn);
  }
  return out;
}

export function accuracyOf<L extends string>(labels: readonly L[], matrix: Confusion<L>): number {
  let correct = 0;
  let total = 0;
  for (const gold of labels) {
    for (const predicted of labels) {
      total += matrix[gold][predicted];
      if (gold === predicted) correct += matrix[gold][predicted];
    }
  }
  return total === 0 ? 0 : correct / total;
}

/** Unweighted mean of the F1 of the given classes (all labels by default). */
export function macroF1<L extends string>(scores: Record<L, Prf>, classes: readonly L[]): number {
  if (classes.length === 0) return 0;
  return classes.reduce((sum, label) => sum + scores[label].f1, 0) / classes.length;
}

export interface SetScores {
  micro: Prf;
  macroF1: number;
  perLabel: Record<string, Prf>;
}

/**
 * Multi-label scores, an item's labels taken as a set. Macro-F1 averages the labels that occur
 * in the gold data or the predictions (a label nobody used has no defined F1).
 */
export function scoreSets(pairs: ReadonlyArray<readonly [gold: readonly string[], predicted: readonly string[]]>): SetScores {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const countsFor = (label: string) => {
    let c = counts.get(label);
    if (c === undefined) counts.set(label, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  for (const [gold, predicted] of pairs) {
    const goldSet = new Set(gold);
    const predictedSet = new Set(predicted);
    for (const label of goldSet) {
      if (predictedSet.has(label)) countsFor(label).tp++;
      else countsFor(label).fn++;
    }
    for (const label of predictedSet) if (!goldSet.has(label)) countsFor(label).fp++;
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const perLabel: Record<string, Prf> = {};
  for (const [label, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
    perLabel[label] = toPrf(c.tp, c.fp, c.fn);
  }
  const f1s = Object.values(perLabel).map((p) => p.f1);
  return { micro: toPrf(tp, fp, fn), macroF1: f1s.length === 0 ? 0 : f1s.reduce((a, b) => a + b, 0) / f1s.length, perLabel };
}
