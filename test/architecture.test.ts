import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const srcRoot = resolve(import.meta.dirname, "../src");

// STYLE.md §2: which src/ folders each folder may import from.
const allowedFolders: Record<string, readonly string[]> = {
  core: [],
  config: ["core"],
  http: ["core"],
  text: ["core"],
  replay: ["core"],
  sources: ["core", "http", "text"],
  classify: ["core", "text"],
  store: ["core"],
  pipeline: ["core", "config", "http", "text", "sources", "classify", "store"],
  daemon: ["core", "config", "pipeline", "store"],
  // text: the themes (digest/themes.ts) count phrases with the tokeniser and stemmers the classifier matches with.
  digest: ["core", "store", "text"],
  delivery: ["core", "http", "digest"],
  i18n: ["core"],
  web: ["core", "config", "store", "digest", "i18n"],
};

// STYLE.md §2: each third-party library is imported only in the folders that own it.
const packageOwners: Record<string, readonly string[]> = {
  undici: ["http"],
  "p-queue": ["http", "pipeline", "daemon"],
  cheerio: ["sources", "text"],
  natural: ["classify"],
  "drizzle-orm": ["store"],
  "better-sqlite3": ["store"],
  pg: ["store"],
  "pg-boss": ["daemon"],
  "node-cron": ["daemon"],
  nodemailer: ["delivery"],
  commander: ["cli"],
  zod: ["config", "classify"],
  yaml: ["config", "classify"],
  "@orama/stemmers": ["text"],
  pino: ["cli"],
  "robots-parser": ["sources"],
  "csv-parse": ["sources", "classify"],
  hono: ["web"],
  "@hono/node-server": ["web"],
  "playwright-core": [],
};

interface ImportEdge {
  file: string;
  specifier: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gu)];
  return specifiers.map((m) => ({ file: relative(srcRoot, file), specifier: (m[1] ?? m[2])! }));
}

function topFolder(path: string): string {
  return relative(srcRoot, path).split(/[\\/]/u)[0]!;
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

describe("architecture (STYLE.md §2)", () => {
  it.each(Object.keys(allowedFolders))("src/%s imports only the src/ folders it may", (folder) => {
    for (const file of sourceFiles(join(srcRoot, folder))) {
      for (const edge of importsOf(file).filter((e) => e.specifier.startsWith("."))) {
        const target = topFolder(resolve(dirname(file), edge.specifier));
        if (target !== folder) expect(allowedFolders[folder], `${edge.file} → src/${target}`).toContain(target);
      }
    }
  });

  // STYLE.md §2, two store backends: the rest of the code calls the Store interface and never
  // sees a backend's drizzle `db`, so it may import only store/types.ts and store/open.ts.
  it("outside src/store, only store/types and store/open are imported", () => {
    for (const file of sourceFiles(srcRoot).filter((f) => topFolder(f) !== "store")) {
      for (const edge of importsOf(file).filter((e) => e.specifier.startsWith("."))) {
        const target = relative(srcRoot, resolve(dirname(file), edge.specifier));
        if (topFolder(resolve(dirname(file), edge.specifier)) === "store") expect(["store/types.js", "store/open.js"], `${edge.file} → ${target}`).toContain(target);
      }
    }
  });

  it("only src/cli imports src/web", () => {
    for (const file of sourceFiles(srcRoot).filter((f) => topFolder(f) !== "cli" && topFolder(f) !== "web")) {
      for (const edge of importsOf(file).filter((e) => e.specifier.startsWith("."))) {
        expect(topFolder(resolve(dirname(file), edge.specifier)), edge.file).not.toBe("web");
      }
    }
  });

  it("nothing imports src/cli", () => {
    for (const file of sourceFiles(srcRoot).filter((f) => topFolder(f) !== "cli")) {
      for (const edge of importsOf(file).filter((e) => e.specifier.startsWith("."))) {
        expect(topFolder(resolve(dirname(file), edge.specifier)), edge.file).not.toBe("cli");
      }
    }
  });

  it.each(Object.keys(packageOwners))("%s is imported only where STYLE.md says", (pkg) => {
    for (const file of sourceFiles(srcRoot)) {
      for (const edge of importsOf(file).filter((e) => !e.specifier.startsWith(".") && !e.specifier.startsWith("node:"))) {
        if (packageName(edge.specifier) === pkg) expect(packageOwners[pkg], `${edge.file} imports ${pkg}`).toContain(topFolder(file));
      }
    }
  });

  it("imports natural only by deep path (its root import loads dotenv and prints)", () => {
    for (const file of sourceFiles(srcRoot)) {
      for (const edge of importsOf(file)) expect(edge.specifier, edge.file).not.toBe("natural");
    }
  });
});
