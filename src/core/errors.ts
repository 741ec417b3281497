/**
 * Every error earshot raises on purpose carries a stable `code` (undici's UND_ERR_* idea) so
 * callers and log readers can branch on it without parsing messages. Messages name the
 * source, the item and the problem.
 */
export class EarshotError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An HTTP exchange that did not produce a usable 2xx/304 answer. */
export class HttpError extends EarshotError {
  readonly url: string;
  /** 0 when no response was received (network error, timeout). */
  readonly status: number;
  /** Server-imposed delay from Retry-After (429/503), in milliseconds. */
  readonly retryAfterMs?: number;
  constructor(
    init: { url: string; status: number; retryAfterMs?: number; detail: string; code?: string; method?: string },
    options?: { cause?: unknown },
  ) {
    const where = `[${init.method ?? "GET"}] "${init.url}"`;
    const what = init.status > 0 ? `${init.status} ${init.detail}` : init.detail;
    super(init.code ?? "ES_ERR_HTTP", `${where}: ${what}`, options);
    this.url = init.url;
    this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

/** A payload (or one item of it) that could not be understood. */
export class ParseError extends EarshotError {
  readonly source: string;
  readonly item?: string;
  readonly detail: string;
  constructor(init: { source: string; item?: string; detail: string }, options?: { cause?: unknown }) {
    const item = init.item ? ` ${init.item}` : "";
    super("ES_ERR_PARSE", `${init.source}:${item ? ` cannot parse${item}:` : ""} ${init.detail}`, options);
    this.source = init.source;
    if (init.item !== undefined) this.item = init.item;
    this.detail = init.detail;
  }
}

/** Invalid configuration: `path` is the file plus the field path, e.g. `earshot.yaml: sources[2].url`. */
export class ConfigError extends EarshotError {
  readonly path: string;
  constructor(path: string, detail: string, options?: { cause?: unknown }) {
    super("ES_ERR_CONFIG", `${path}: ${detail}`, options);
    this.path = path;
  }
}

/** A caller asked for something that cannot be done as asked (bad CLI value, unknown source). */
export class UsageError extends EarshotError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ES_ERR_USAGE", message, options);
  }
}

/** Renders any thrown value as one line, keeping the cause chain short. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}
