/**
 * The shapes of the exports the file source reads. There is no platform here: these are what
 * survey tools (NPS/CSAT), helpdesks and chat tools write when a user clicks "Export".
 */

/** One CSV record as csv-parse returns it with `info: true`. */
export interface FileCsvRecord {
  /** Cells in column order, as strings (RFC 4180: quotes removed, `""` → `"`). */
  record: string[];
  info: {
    /** Line number (1-based) on which the record ends; a quoted multi-line cell spans several. */
    lines: number;
    /** Records read so far, the header included. */
    records: number;
  };
}

/** One JSONL line: a JSON object whose fields are addressed by key or dotted path (`customer.name`). */
export type FileJsonlRow = Record<string, unknown>;

/**
 * One data row of either format, before mapping: values keyed by column name (CSV header cell or
 * JSONL key path). `row` counts data rows from 1 (the CSV header is not a row); `line` is the
 * file line the row ends on, for people opening the file in an editor.
 */
export interface FileRow {
  row: number;
  line: number;
  /** CSV: header → cell. JSONL: the parsed object. */
  values: Record<string, unknown>;
  /** The row as it appeared: the CSV cells as a JSON object, or the JSONL line. */
  raw: string;
}
