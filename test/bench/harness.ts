/**
 * The benchmark harness: warm-up, interleaved rounds of a subject and its baseline in the same
 * process, median and spread, and the ratio between them. On a noisy 2-core machine absolute
 * figures drift from run to run; a baseline timed in the same rounds drifts with them, so the
 * ratio is the figure to trust.
 */

/** The median, fastest and slowest of a set of rounds. */
export interface Summary {
  median: number;
  min: number;
  max: number;
}

/** One line of bench/results.json. */
export interface BenchResult {
  name: string;
  /** Unit of median/min/max and of the baseline's median: "mentions/s", "s", "MB"… */
  unit: string;
  median: number;
  min: number;
  max: number;
  baseline: { name: string; median: number };
  /** median ÷ baseline.median. */
  ratio: number;
  /** Rounds measured (after warm-up). */
  rounds: number;
  /** The target in words, e.g. "≥ 20,000 mentions/s and ratio ≥ 4". */
  target: string;
  /** Whether the target was met; null when this run cannot tell (sizes reduced by --quick). */
  met: boolean | null;
  /** What else the run learned: breakdowns, profile findings, sizes. */
  notes?: string[];
}

export function toMedian(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("the median of no values is undefined");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function toSummary(values: readonly number[]): Summary {
  return { median: toMedian(values), min: Math.min(...values), max: Math.max(...values) };
}

/** (max − min) ÷ median, in percent: how far the rounds disagreed. */
export function toSpreadPercent(summary: Summary): number {
  return summary.median === 0 ? 0 : ((summary.max - summary.min) / summary.median) * 100;
}

export function toRatio(value: number, baseline: number): number {
  return baseline === 0 ? Number.POSITIVE_INFINITY : value / baseline;
}

/** Items per second from a count and an elapsed time in ms. */
export function toRate(items: number, elapsedMs: number): number {
  return elapsedMs <= 0 ? Number.POSITIVE_INFINITY : (items * 1000) / elapsedMs;
}

/** A subject and its baseline reduced to one result line. */
export function toBenchResult(input: {
  name: string;
  unit: string;
  subject: readonly number[];
  baselineName: string;
  baseline: readonly number[];
  target: string;
  /** Decides `met` from the subject median and the ratio; omit when the run cannot tell. */
  isMet?: (median: number, ratio: number) => boolean;
  notes?: string[];
}): BenchResult {
  const subject = toSummary(input.subject);
  const baseline = toMedian(input.baseline);
  const ratio = toRatio(subject.median, baseline);
  return {
    name: input.name,
    unit: input.unit,
    ...subject,
    baseline: { name: input.baselineName, median: baseline },
    ratio,
    rounds: input.subject.length,
    target: input.target,
    met: input.isMet ? input.isMet(subject.median, ratio) : null,
    ...(input.notes?.length ? { notes: input.notes } : {}),
  };
}

/** Milliseconds taken by `run`, from the monotonic clock. */
export async function measureMs(run: () => unknown): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export interface RoundsOptions {
  /** Unmeasured rounds first, so the JIT and the page cache settle. */
  warmup: number;
  rounds: number;
}

/**
 * Runs each contender once per round, `rounds` times after `warmup` rounds, and returns each
 * contender's measured values (whatever `measure` returns: a rate or a time). The order of the
 * contenders rotates every round so neither always runs on a cooler or hotter machine.
 */
export async function measureInterleaved<K extends string>(contenders: Record<K, () => Promise<number> | number>, options: RoundsOptions): Promise<Record<K, number[]>> {
  const names = Object.keys(contenders) as K[];
  const values = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < options.warmup + options.rounds; round++) {
    const order = toRotated(names, round);
    for (const name of order) {
      const value = await contenders[name]();
      if (round >= options.warmup) values[name].push(value);
    }
  }
  return values;
}

/** `items` rotated left by `by` places. */
export function toRotated<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** A readable table of results for the terminal. */
export function renderTable(results: readonly BenchResult[]): string {
  const header = ["benchmark", "median", "min … max (spread)", "baseline (same run)", "ratio", "target", "met"];
  const rows = results.map((r) => [
    r.name,
    `${toFigureText(r.median)} ${r.unit}`,
    `${toFigureText(r.min)} … ${toFigureText(r.max)} (±${(toSpreadPercent(r) / 2).toFixed(0)}%)`,
    `${r.baseline.name}: ${toFigureText(r.baseline.median)}`,
    `${toFigureText(r.ratio)}×`,
    r.target,
    r.met === null ? "n/a" : r.met ? "yes" : "NO",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd();
  const notes = results.flatMap((r) => (r.notes ?? []).map((note) => `  ${r.name}: ${note}`));
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line), ...(notes.length ? ["", "notes:", ...notes] : [])].join("\n") + "\n";
}

/** 3 significant figures, thousands grouped: 21,400 · 3.12 · 0.0412. */
export function toFigureText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs === 0) return "0";
  return Number(value.toPrecision(3)).toString();
}
