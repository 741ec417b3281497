import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/main.js";

const sample = fileURLToPath(new URL("../../fixtures/classify/sample.jsonl", import.meta.url));

function testIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  // An empty env and a cwd without earshot.yaml: the default taxonomy is used.
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env: {}, cwd: fileURLToPath(new URL(".", import.meta.url)), exitCode: 0 };
}

describe("earshot classify", () => {
  it("prints labels with their evidence", async () => {
    const io = testIo();
    const code = await runCli(["classify", "Parcel lost again, courier useless", "--lang", "en"], io);
    expect(code).toBe(0);
    const text = io.out.join("");
    expect(text).toMatch(/sentiment +negative/);
    expect(text).toMatch(/delivery \(after_sales\) ← "Parcel"/);
  });

  it("prints JSON with --json", async () => {
    const io = testIo();
    await runCli(["classify", "Siunta vėluoja jau savaitę", "--json"], io);
    const result = JSON.parse(io.out.join(""));
    expect(result).toMatchObject({ lang: "lt", complaint: true, topics: ["delivery"], stages: ["after_sales"] });
  });
});

describe("earshot eval", () => {
  it("prints the issue's JSON shape", async () => {
    const io = testIo();
    const code = await runCli(["eval", sample, "--json"], io);
    expect(code).toBe(0);
    const report = JSON.parse(io.out.join(""));
    expect(report).toMatchObject({
      n: 16,
      sentiment: { n: 16, accuracy: expect.any(Number), macroF1: expect.any(Number) },
      complaint: { n: 16, precision: expect.any(Number), recall: expect.any(Number), f1: expect.any(Number) },
      topics: { n: 16, microF1: expect.any(Number), macroF1: expect.any(Number) },
      byLang: { en: { n: 4, sentimentMacroF1: expect.any(Number), complaintF1: expect.any(Number), topicsMicroF1: expect.any(Number) } },
      langId: { accuracy: 1 },
    });
    expect(report.topics.perTopic.delivery).toEqual({ precision: expect.any(Number), recall: expect.any(Number), f1: expect.any(Number), support: 2 });
  });

  it("prints tables and a confusion matrix without --json", async () => {
    const io = testIo();
    await runCli(["eval", sample, "--by", "lang"], io);
    const text = io.out.join("");
    expect(text).toContain("gold \\ predicted");
    expect(text).toMatch(/^lt +4 /m);
  });

  it("refuses an unknown format as a usage error", async () => {
    const io = testIo();
    expect(await runCli(["eval", sample, "--format", "csv"], io)).toBe(2);
    expect(io.err.join("")).toContain("unknown --format");
  });
});
