/**
 * Every parser over every corpus in ../shared/corpora: files, accepted, rejected with a clear
 * error, crashes (must be 0) and the corpus's expectations met. `--json` prints exactly
 * {"<corpus>": {files, accepted, rejected, crashes, expectationsMet, expectationsTotal}};
 * `--misses` lists unmet expectations and crashes under the table.
 *
 *   npx tsx scripts/corpora.ts [--json] [--misses] [corpora-dir]
 */
import { resolve } from "node:path";
import { defaultCorporaDir, evaluateCorpora, renderCorporaTable, toSummary } from "../test/reliability/corpora.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const misses = args.includes("--misses");
const dir = resolve(args.find((a) => !a.startsWith("--")) ?? defaultCorporaDir);

const results = await evaluateCorpora(dir);
if (Object.keys(results).length === 0) process.stderr.write(`corpora: nothing found under ${dir}\n`);
if (json) {
  process.stdout.write(`${JSON.stringify(Object.fromEntries(Object.entries(results).map(([name, r]) => [name, toSummary(r)])))}\n`);
} else {
  process.stdout.write(`${renderCorporaTable(results)}\n`);
  for (const [name, r] of Object.entries(results)) {
    for (const crash of r.crashMessages) process.stdout.write(`${name} crash: ${crash}\n`);
    if (misses) for (const miss of r.misses) process.stdout.write(`${name} miss: ${miss.slice(0, 300)}\n`);
  }
}
process.exitCode = Object.values(results).some((r) => r.crashes > 0) ? 1 : 0;
