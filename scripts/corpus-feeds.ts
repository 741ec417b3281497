/**
 * Prints how the feed parser fares on the shared feed corpora: files, parsed, rejected (a
 * ParseError), crashes and expectations met, per corpus. `--json` prints
 * {"<corpus>": {files, accepted, rejected, crashes, expectationsMet, expectationsTotal}}.
 *
 *   npx tsx scripts/corpus-feeds.ts [--json] [--misses] [corpora-dir]
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describeFigures, evaluateFeedparserCorpus, evaluateRssParserCorpus, type CorpusFigures } from "../test/sources/rss/corpus.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const misses = args.includes("--misses");
const dir = resolve(args.find((a) => !a.startsWith("--")) ?? join(import.meta.dirname, "../../shared/corpora"));

const runs: Array<[string, (d: string) => CorpusFigures]> = [
  ["feedparser-tests", evaluateFeedparserCorpus],
  ["rss-parser-tests", evaluateRssParserCorpus],
];
const summary: Record<string, { files: number; accepted: number; rejected: number; crashes: number; expectationsMet: number; expectationsTotal: number }> = {};
for (const [name, evaluate] of runs) {
  const path = join(dir, name);
  if (!existsSync(path)) {
    process.stderr.write(`${name}: not found under ${dir}, skipped\n`);
    continue;
  }
  const f = evaluate(path);
  summary[name] = { files: f.files, accepted: f.parsed, rejected: f.rejected, crashes: f.crashes, expectationsMet: f.expectationsMet, expectationsTotal: f.expectationsTotal };
  if (!json) {
    process.stdout.write(`${describeFigures(name, f)}\n`);
    for (const crash of f.crashMessages) process.stdout.write(`  crash: ${crash}\n`);
    if (misses) for (const miss of f.misses) process.stdout.write(`  miss: ${miss.slice(0, 300)}\n`);
  }
}
if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exitCode = Object.values(summary).some((s) => s.crashes > 0) ? 1 : 0;
