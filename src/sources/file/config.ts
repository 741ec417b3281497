import { ConfigError } from "../../core/errors.js";
import { CHANNELS, type Channel } from "../../core/mention.js";
import { parseHttpUrl, parseIntegerField, parseStringList } from "../config-fields.js";

export const FILE_FORMATS = ["csv", "jsonl"] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** The fields a row can be mapped to; `text` is the only required one. */
export const FILE_FIELDS = ["id", "text", "title", "author", "date", "rating", "lang", "url", "channel"] as const;
export type FileField = (typeof FILE_FIELDS)[number];

/** Column name (CSV header cell) or key path (JSONL, dots for nesting) per field. */
export type FileColumns = { text: string } & Partial<Record<Exclude<FileField, "text">, string>>;

/** Options of one `kind: file` source: a CSV or JSONL export read from disk or over HTTP. */
export interface FileConfig {
  /** Local file path. Exactly one of `path` and `url`. */
  path?: string;
  /** http(s) URL of the export, fetched through the shared HTTP client (conditional GET). */
  url?: string;
  /** Default: from the extension (`.csv`/`.tsv`/`.txt` → csv, `.jsonl`/`.ndjson` → jsonl). */
  format: FileFormat;
  /** Which column holds which field. `text` is required. */
  columns: FileColumns;
  /** Scale of the `rating` column: 5 (stars, CSAT; the default) or 10 (NPS 0–10). */
  ratingScale: 5 | 10;
  /** Channel stamped on rows without a usable `channel` column. Default `"survey"`. */
  channel: Channel;
  /** CSV field delimiter. Default: detected from the header line among `,` `;` and tab. */
  delimiter?: string;
  /**
   * A WHATWG encoding label (`utf-8`, `windows-1257`, `windows-1251`…). Default `"auto"`: a BOM,
   * else the HTTP charset, else valid UTF-8, else a windows-1251/1257 guess from the byte mix.
   */
  encoding: string;
  /** ISO 639-1 code for rows without a `lang` column value. */
  lang?: string;
  /** Brand terms: a row mentioning one gets `matchedTerm`. */
  terms?: string[];
  /**
   * Drop rows that mention none of `terms`. Default false: an export is the brand's own
   * customers talking to the brand, who rarely name it ("the courier was late").
   */
  filterByTerms: boolean;
  /** Refuse local files larger than this, in bytes. Default 64 MiB. (URLs use the HTTP client's cap.) */
  maxBytes: number;
  /** Rows per yielded page (one store transaction each). Default 500. */
  rowsPerPage: number;
}

export const DEFAULT_FILE_MAX_BYTES = 64 * 1024 * 1024;
export const DEFAULT_ROWS_PER_PAGE = 500;

/**
 * Validates a file source entry. Keys this source does not know are left to the config layer
 * (name, schedule…), like every source.
 */
export function parseFileConfig(raw: unknown, path: string): FileConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new ConfigError(path, "must be an object");
  const input = raw as Record<string, unknown>;

  const location: Pick<FileConfig, "path" | "url"> = {};
  if (input.path !== undefined && input.url !== undefined) throw new ConfigError(`${path}.url`, 'give either "path" or "url", not both');
  if (input.path !== undefined) {
    if (typeof input.path !== "string" || input.path.trim() === "") throw new ConfigError(`${path}.path`, "must be a non-empty file path");
    location.path = input.path.trim();
  } else if (input.url !== undefined) {
    location.url = parseHttpUrl(input.url, `${path}.url`);
  } else {
    throw new ConfigError(`${path}.path`, 'is required (a local file path), or give "url" for an export served over HTTP');
  }

  const config: FileConfig = {
    ...location,
    format: parseFormat(input.format, location.path ?? new URL(location.url!).pathname, `${path}.format`),
    columns: parseColumns(input.columns, `${path}.columns`),
    ratingScale: 5,
    channel: "survey",
    encoding: "auto",
    filterByTerms: false,
    maxBytes: DEFAULT_FILE_MAX_BYTES,
    rowsPerPage: DEFAULT_ROWS_PER_PAGE,
  };

  if (input.ratingScale !== undefined) {
    if (input.ratingScale !== 5 && input.ratingScale !== 10) throw new ConfigError(`${path}.ratingScale`, "must be 5 (stars, CSAT) or 10 (NPS 0–10)");
    config.ratingScale = input.ratingScale;
  }
  if (input.channel !== undefined) {
    if (typeof input.channel !== "string" || !(CHANNELS as readonly string[]).includes(input.channel)) {
      throw new ConfigError(`${path}.channel`, `must be one of ${CHANNELS.join(", ")}`);
    }
    config.channel = input.channel as Channel;
  }
  if (input.delimiter !== undefined) {
    const delimiter = input.delimiter === "\\t" || input.delimiter === "tab" ? "\t" : input.delimiter;
    if (typeof delimiter !== "string" || delimiter.length !== 1 || /["\r\n]/u.test(delimiter)) {
      throw new ConfigError(`${path}.delimiter`, 'must be one character such as ",", ";" or "\\t" (not a quote or line break)');
    }
    config.delimiter = delimiter;
  }
  if (input.encoding !== undefined) {
    if (typeof input.encoding !== "string" || input.encoding.trim() === "") throw new ConfigError(`${path}.encoding`, 'must be "auto" or an encoding label such as "windows-1257"');
    const label = input.encoding.trim().toLowerCase();
    if (label !== "auto") {
      try {
        config.encoding = new TextDecoder(label).encoding;
      } catch (error) {
        throw new ConfigError(`${path}.encoding`, `unknown encoding "${input.encoding}"`, { cause: error });
      }
    }
  }
  if (input.lang !== undefined) {
    if (typeof input.lang !== "string" || !/^[a-z]{2}$/iu.test(input.lang)) throw new ConfigError(`${path}.lang`, 'must be a two-letter ISO 639-1 code such as "lt"');
    config.lang = input.lang.toLowerCase();
  }
  if (input.terms !== undefined) config.terms = parseStringList(input.terms, `${path}.terms`);
  if (input.filterByTerms !== undefined) {
    if (typeof input.filterByTerms !== "boolean") throw new ConfigError(`${path}.filterByTerms`, "must be true or false");
    if (input.filterByTerms && !config.terms?.length) throw new ConfigError(`${path}.filterByTerms`, 'needs "terms" (or brand.terms) to filter by');
    config.filterByTerms = input.filterByTerms;
  }
  if (input.maxBytes !== undefined) config.maxBytes = parseIntegerField(input.maxBytes, `${path}.maxBytes`, 1)!;
  if (input.rowsPerPage !== undefined) config.rowsPerPage = parseIntegerField(input.rowsPerPage, `${path}.rowsPerPage`, 1)!;
  return config;
}

function parseFormat(value: unknown, location: string, path: string): FileFormat {
  if (value !== undefined) {
    if (typeof value !== "string" || !(FILE_FORMATS as readonly string[]).includes(value.toLowerCase())) {
      throw new ConfigError(path, `must be one of ${FILE_FORMATS.join(", ")}`);
    }
    return value.toLowerCase() as FileFormat;
  }
  const extension = /\.([a-z0-9]+)$/iu.exec(location)?.[1]?.toLowerCase();
  if (extension === "csv" || extension === "tsv" || extension === "txt") return "csv";
  if (extension === "jsonl" || extension === "ndjson") return "jsonl";
  throw new ConfigError(path, `cannot tell the format from "${location}": set format to csv or jsonl`);
}

function parseColumns(value: unknown, path: string): FileColumns {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(path, 'is required: map at least "text" to the column holding the feedback, e.g. { text: comment }');
  }
  const input = value as Record<string, unknown>;
  const columns: Partial<Record<FileField, string>> = {};
  for (const [field, column] of Object.entries(input)) {
    if (!(FILE_FIELDS as readonly string[]).includes(field)) throw new ConfigError(`${path}.${field}`, `unknown field; known: ${FILE_FIELDS.join(", ")}`);
    if (typeof column !== "string" || column.trim() === "") throw new ConfigError(`${path}.${field}`, "must be a column name");
    columns[field as FileField] = column.trim();
  }
  if (!columns.text) throw new ConfigError(`${path}.text`, "is required: the column holding the comment, ticket body or message");
  return columns as FileColumns;
}

