import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

// ../shared/corpora (README: blns "render inert"; constructed-hostile/xss "renders it as inert text").
const corpora = resolve(import.meta.dirname, "../../../shared/corpora");

/** Whether ../shared/corpora is beside the project (tests skip with a reason when it is not). */
export const hostileCorporaAvailable = existsSync(join(corpora, "blns/blns.json"));

/** Every string of blns and of constructed-hostile/xss (JSON values and text lines), once each. */
export function loadHostileStrings(): string[] {
  const blns = JSON.parse(readFileSync(join(corpora, "blns/blns.json"), "utf8")) as string[];
  const xss: string[] = [];
  const dir = join(corpora, "constructed-hostile/xss");
  const collect = (value: unknown): void => {
    if (typeof value === "string") xss.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") Object.values(value).forEach(collect);
  };
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".json"))) collect(JSON.parse(readFileSync(join(dir, name), "utf8")));
  for (const name of readdirSync(dir).filter((n) => !n.endsWith(".json"))) xss.push(...readFileSync(join(dir, name), "utf8").split(/\r?\n/u).filter((l) => l.trim() !== ""));
  return [...new Set([...blns, ...xss])].filter((s) => s.trim() !== "");
}
