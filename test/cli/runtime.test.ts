import { afterEach, describe, expect, it } from "vitest";
import { createClassifier } from "../../src/classify/index.js";
import { parseConfig } from "../../src/config/load.js";
import { openRuntime, type Runtime } from "../../src/cli/runtime.js";

const open: Runtime[] = [];
afterEach(async () => {
  for (const runtime of open.splice(0)) await runtime.close();
});

async function openWith(workers: number | "auto", autoWorkers?: number): Promise<Runtime> {
  const config = parseConfig({ database: ":memory:", scan: { workers }, sources: [] }, null, process.cwd());
  const runtime = await openRuntime(config, { loopbackOnly: true, ...(autoWorkers === undefined ? {} : { autoWorkers }) });
  open.push(runtime);
  return runtime;
}

describe("openRuntime", () => {
  it.each([
    // The daemon passes autoWorkers: 0, so `auto` keeps its scans in one thread.
    ["auto with autoWorkers 0 starts no worker", "auto", 0, false],
    // A number in the config is the operator's choice and wins over the command's default.
    ["an explicit count is used as it is", 1, 0, true],
  ] as const)("%s", async (_name, workers, autoWorkers, expected) => {
    expect((await openWith(workers, autoWorkers)).deps.preparer !== undefined).toBe(expected);
  });

  it("builds the classifier on first use, the same as createClassifier()", async () => {
    const runtime = await openWith(0);
    const text = "Siunta vėluoja jau savaitę, niekas neatsako";
    expect(runtime.classifier.classify({ text })).toEqual(createClassifier().classify({ text }));
    expect(runtime.classifier.version).toBe(createClassifier().version);
    expect(runtime.classifier.stageOf("delivery")).toBe(createClassifier().stageOf("delivery"));
  });

  it("rejects a bad taxonomy when it opens, not at the first classification", async () => {
    const config = parseConfig({ database: ":memory:", sources: [], taxonomy: { mode: "extend", topics: { loyalty: { stage: "nowhere" } } } }, null, process.cwd());
    await expect(openRuntime(config)).rejects.toThrow(/taxonomy\.topics\.loyalty\.stage/);
  });
});
