import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { ParseError } from "../../core/errors.js";
import type { Cursor, MentionDraft } from "../../core/mention.js";
import { createTermMatcher, type TermMatcher } from "../../text/terms.js";
import type { FetchContext, ItemError, Page, Source } from "../types.js";
import { parseFileConfig, type FileConfig } from "./config.js";
import { decodeExport, parseExport, toFileMention, toRowHash } from "./parse.js";
import type { FileRow } from "./wire.js";

export { parseFileConfig, type FileConfig } from "./config.js";

/**
 * Where a file import resumes. `sha256` is the content of the last file read; `row` is the last
 * data row committed while an import is still under way (absent once the whole file is stored).
 * `size`/`mtimeMs` (local files) and `etag`/`lastModified` (URLs) let an unchanged file be
 * skipped without reading it.
 */
interface FileCursor extends Cursor {
  sha256?: string;
  row?: number;
  size?: number;
  mtimeMs?: number;
}

/** How many unreadable dates a page notice lists before summarising. */
const NOTICE_ROWS = 5;

export const file: Source<FileConfig> = {
  kind: "file",
  parseConfig: parseFileConfig,
  async *pages(ctx, config, stored) {
    const cursor = (stored ?? {}) as FileCursor;
    const source = `file ${config.path ?? config.url}`;
    const loaded = config.path !== undefined ? await loadLocalExport(ctx, config, config.path, cursor, source) : await fetchExport(ctx, config.url!, cursor);
    if (loaded.unchanged) {
      yield { mentions: [], cursor: loaded.cursor, notModified: true };
      return;
    }

    const { rows, itemErrors } = parseExport(decodeExport(loaded.bytes, config.encoding, loaded.contentType), config.format, config.columns, source, config.delimiter);
    // Resuming an interrupted import of the same bytes: rows up to `row` are already stored.
    const resumeAfter = cursor.sha256 === loaded.cursor.sha256 && typeof cursor.row === "number" ? cursor.row : 0;
    const entries = mergeByRow(rows, itemErrors).filter((entry) => entry.row > resumeAfter);
    const matcher = config.terms?.length ? createTermMatcher(config.terms) : undefined;
    const seen = new Map<string, { row: number; content: string }>();

    for (let start = 0; start === 0 || start < entries.length; start += config.rowsPerPage) {
      const chunk = entries.slice(start, start + config.rowsPerPage);
      const page = toPage(chunk, config, matcher, source, seen);
      const last = start + config.rowsPerPage >= entries.length;
      page.cursor = last ? loaded.cursor : { ...loaded.cursor, row: chunk[chunk.length - 1]!.row };
      yield page;
      if (last) return;
    }
  },
};

type Entry = { row: number; fileRow: FileRow } | { row: number; error: ItemError };

function mergeByRow(rows: readonly FileRow[], errors: readonly ItemError[]): Entry[] {
  const entries: Entry[] = rows.map((fileRow) => ({ row: fileRow.row, fileRow }));
  for (const error of errors) entries.push({ row: Number(/\d+/u.exec(error.item)?.[0] ?? 0), error });
  return entries.sort((a, b) => a.row - b.row);
}

function toPage(chunk: readonly Entry[], config: FileConfig, matcher: TermMatcher | undefined, source: string, seen: Map<string, { row: number; content: string }>): Page {
  const mentions: MentionDraft[] = [];
  const itemErrors: ItemError[] = [];
  const badDates: Array<{ row: number; value: string }> = [];
  for (const entry of chunk) {
    if ("error" in entry) {
      itemErrors.push(entry.error);
      continue;
    }
    const { fileRow } = entry;
    let result: ReturnType<typeof toFileMention>;
    try {
      result = toFileMention(fileRow, { config, source, ...(matcher ? { matcher } : {}) });
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      itemErrors.push({ item: `row ${fileRow.row}`, message: error.message, raw: fileRow.raw });
      continue;
    }
    const { mention } = result;
    if (config.filterByTerms && mention.matchedTerm === undefined) continue;
    const content = toRowHash(mention);
    const first = seen.get(mention.externalId);
    if (first !== undefined) {
      // The same content twice (a double-submitted survey) is one mention; the same id with
      // other content is a broken export the user should hear about.
      if (first.content !== content) {
        itemErrors.push({ item: `row ${fileRow.row}`, message: `${source}: row ${fileRow.row} repeats id "${mention.externalId}" of row ${first.row} with other content`, raw: fileRow.raw });
      }
      continue;
    }
    seen.set(mention.externalId, { row: fileRow.row, content });
    if (result.badDate !== undefined) badDates.push({ row: fileRow.row, value: result.badDate });
    mentions.push(mention);
  }
  const page: Page = { mentions, cursor: {} };
  if (itemErrors.length > 0) page.itemErrors = itemErrors;
  if (badDates.length > 0) {
    const listed = badDates.slice(0, NOTICE_ROWS).map((b) => `row ${b.row} (${JSON.stringify(b.value.slice(0, 40))})`).join(", ");
    const more = badDates.length > NOTICE_ROWS ? ` and ${badDates.length - NOTICE_ROWS} more` : "";
    page.notice = `${source}: unreadable dates in ${listed}${more}; those rows are stored without a date (use ISO 8601 or DD.MM.YYYY)`;
  }
  return page;
}

type Loaded = { unchanged: true; cursor: FileCursor } | { unchanged: false; bytes: Buffer; contentType?: string; cursor: FileCursor };

/**
 * Local exports: size + mtime skip an untouched file without reading it; a touched file with the
 * same bytes (re-saved, copied) is still recognised by its hash.
 */
async function loadLocalExport(ctx: FetchContext, config: FileConfig, path: string, cursor: FileCursor, source: string): Promise<Loaded> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ParseError({ source, detail: `cannot read the file: ${error instanceof Error ? error.message : String(error)}` }, { cause: error });
  }
  if (!info.isFile()) throw new ParseError({ source, detail: "not a regular file" });
  const complete = cursor.sha256 !== undefined && cursor.row === undefined;
  if (complete && cursor.size === info.size && cursor.mtimeMs === info.mtimeMs) return { unchanged: true, cursor };
  if (info.size > config.maxBytes) throw new ParseError({ source, detail: `the file is ${info.size} bytes, over the ${config.maxBytes}-byte limit (maxBytes)` });
  const bytes = await readFile(path, { signal: ctx.signal });
  const next: FileCursor = { sha256: sha256Of(bytes), size: info.size, mtimeMs: info.mtimeMs };
  if (complete && cursor.sha256 === next.sha256) return { unchanged: true, cursor: next };
  return { unchanged: false, bytes, cursor: next };
}

/**
 * Exports served over HTTP: a conditional GET with the stored validators once an import is
 * complete (mid-import, a 304 would wrongly end it), then the content hash as for local files.
 */
async function fetchExport(ctx: FetchContext, url: string, cursor: FileCursor): Promise<Loaded> {
  const complete = cursor.sha256 !== undefined && cursor.row === undefined;
  const res = await ctx.http.get(url, {
    signal: ctx.signal,
    ...(complete && cursor.etag ? { etag: cursor.etag } : {}),
    ...(complete && cursor.lastModified ? { lastModified: cursor.lastModified } : {}),
  });
  if (res.notModified) return { unchanged: true, cursor };
  const next: FileCursor = { sha256: sha256Of(res.body) };
  if (res.headers.etag) next.etag = res.headers.etag;
  if (res.headers["last-modified"]) next.lastModified = res.headers["last-modified"];
  if (complete && cursor.sha256 === next.sha256) return { unchanged: true, cursor: next };
  const contentType = res.headers["content-type"];
  return contentType === undefined ? { unchanged: false, bytes: res.body, cursor: next } : { unchanged: false, bytes: res.body, contentType, cursor: next };
}

function sha256Of(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}
