import { spawn } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp.js";

const CLI = new URL("../../dist/cli/main.js", import.meta.url);

describe("earshot writing into a pipe", () => {
  it("stops quietly with exit code 0 when the reader closes it early (earshot export | head)", async () => {
    const dir = tempDir();
    const dbPath = join(dir, "earshot.db");
    writeFileSync(dbPath, gunzipSync(readFileSync(new URL("../../fixtures/store/demo-0008.db.gz", import.meta.url))));
    copyFileSync(new URL("../../fixtures/store/demo-0008.db.secret", import.meta.url), `${dbPath}.secret`);
    const child = spawn(process.execPath, [CLI.pathname, "export", "--db", dbPath, "--format", "jsonl"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => void (stderr += chunk));
    // Read one chunk of the export (it is larger than a pipe's buffer), then hang up, as head does.
    const [first] = (await once(child.stdout, "data")) as [Buffer];
    expect(first.toString("utf8")).toMatch(/^\{"id":1,/);
    child.stdout.destroy();
    const [code] = (await once(child, "exit")) as [number | null];
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  });
});
