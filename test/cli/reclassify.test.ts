import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createClassifier } from "../../src/classify/index.js";
import { closeDb, openDb } from "../../src/store/sqlite/db.js";
import { countComplaintsByTopic, listMentions, savePage } from "../../src/store/sqlite/mentions.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { runEarshot } from "../helpers/cli.js";
import { toTestRow } from "../helpers/rows.js";
import { tempDir } from "../helpers/temp.js";

describe("earshot reclassify", () => {
  it("re-runs mentions stored by an older classifier version and rewrites their topic rows", async () => {
    const dir = tempDir();
    const dbFile = join(dir, "earshot.db");
    const db = openDb(dbFile);
    const now = new Date("2026-11-20T10:00:00Z");
    const source = addSource(db, { name: "feed", kind: "rss", config: {} }, now);
    const current = createClassifier().version;
    savePage(db, {
      sourceId: source.id,
      runId: startRun(db, source.id, now),
      rows: [
        // Stored by an old version with a wrong topic: must be redone.
        toTestRow("late", { text: "The parcel is two weeks late and the courier lost it", classifierVersion: "rules-0.1" }, [{ topic: "spam_ads", stage: "acquisition" }]),
        // Already current: must be left alone.
        toTestRow("current", { text: "whatever", classifierVersion: current }, [{ topic: "spam_ads", stage: "acquisition" }]),
      ],
      cursor: {},
      now,
    });
    closeDb(db);

    const first = await runEarshot(["reclassify", "--db", dbFile], { cwd: dir });
    expect(first).toMatchObject({ code: 0, stdout: `reclassified 1 mention(s) with classifier ${current}\n` });
    const again = await runEarshot(["reclassify", "--db", dbFile], { cwd: dir });
    expect(again.stdout).toContain("reclassified 0 mention(s)");

    const reopened = openDb(dbFile);
    const late = listMentions(reopened).find((m) => m.externalId === "late")!;
    expect(late.classifierVersion).toBe(current);
    expect(late.topics).toContain("delivery");
    expect(countComplaintsByTopic(reopened).find((t) => t.topic === "spam_ads")?.complaints).toBe(1);
    closeDb(reopened);
  });
});
