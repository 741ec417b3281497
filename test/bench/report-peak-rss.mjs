// Preloaded with `node --import` into processes the memory benchmark spawns: at exit, writes the
// process's peak resident set size to $EARSHOT_BENCH_PEAK_RSS_FILE. It reads VmHWM from
// /proc/self/status, not process.resourceUsage().maxRSS: Linux carries the forking parent's
// high-water mark across exec into getrusage, so a child of a 300 MB bench process would report
// at least 300 MB.
import { readFileSync, writeFileSync } from "node:fs";

const file = process.env.EARSHOT_BENCH_PEAK_RSS_FILE;
if (file) {
  process.on("exit", () => {
    const kib = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]);
    writeFileSync(file, JSON.stringify({ peakRssKiB: kib }));
  });
}
