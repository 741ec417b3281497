/**
 * The full crash-safety run: at least 50 SIGKILLs of a child-process `earshot scan` at random
 * points (start-up, between pages, inside a page's transaction), each series then run to the
 * end and compared with an uninterrupted scan. Needs the build (`npm run build`).
 *
 *   npx tsx scripts/crash-safety.ts [--kills 50] [--per-trial 5] [--seed N] [--json]
 */
import { runCrashSeries, runReference, startCrashReplay } from "../test/reliability/crash.js";
import { hasBuiltCli } from "../test/reliability/child.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? Number(args[at + 1]) : fallback;
};
const kills = option("kills", 50);
const perTrial = option("per-trial", 5);
const seed = option("seed", Date.now() % 1_000_000);
const json = args.includes("--json");

if (!hasBuiltCli()) {
  process.stderr.write("crash-safety: dist/cli/main.js is missing; run `npm run build` first\n");
  process.exit(2);
}
const replay = await startCrashReplay();
try {
  const reference = await runReference(replay);
  if (!json) process.stdout.write(`reference: ${reference.state.mentions.length} mentions, ${reference.state.topicRows} topic rows, ${reference.requestsPerScan} requests per scan, seed ${seed}\n`);
  const trials = Math.ceil(kills / perTrial);
  const result = await runCrashSeries({
    replay,
    reference: reference.state,
    trials,
    killsPerTrial: perTrial,
    seed,
    requestsPerScan: reference.requestsPerScan,
    onKill: (k, trial) => {
      if (!json) process.stdout.write(`trial ${trial}: killed after ${k.delayMs} ms (${k.phase})\n`);
    },
  });
  const summary = { seed, kills: result.kills, trials: result.trials, byPhase: result.byPhase, mismatches: result.mismatches.length, integrityOk: !result.mismatches.some((m) => m.includes("integrity")) };
  process.stdout.write(json ? `${JSON.stringify(summary)}\n` : `\n${JSON.stringify(summary)}\n${result.mismatches.map((m) => `  ${m}\n`).join("")}`);
  process.exitCode = result.mismatches.length === 0 ? 0 : 1;
} finally {
  await replay.close();
}
