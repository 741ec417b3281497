import { ConfigError } from "../core/errors.js";

// Field validators shared by the sources' parseConfig functions: each throws a ConfigError that
// names the field path and says what is expected.

export interface HttpUrlOptions {
  /**
   * A base URL that paths are appended to (`baseUrl`, `instance`, `service`): no query or
   * fragment, returned without a trailing slash. Default false: any http(s) URL, returned as is.
   */
  endpoint?: boolean;
  /** The message when the value is missing or empty. */
  missing?: string;
}

export function parseHttpUrl(value: unknown, path: string, options: HttpUrlOptions = {}): string {
  if (typeof value !== "string" || value.trim() === "") throw new ConfigError(path, options.missing ?? "must be an http or https URL");
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch (error) {
    throw new ConfigError(path, `is not a URL: "${value}"`, { cause: error });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(path, `must be an http or https URL, not ${url.protocol}`);
  if (!options.endpoint) return url.href;
  if (url.search || url.hash) throw new ConfigError(path, "must not carry a query or fragment");
  // A path prefix is kept: a proxy or mirror may serve the API below one.
  return `${url.origin}${url.pathname}`.replace(/\/+$/u, "");
}

/** A list of non-empty strings, trimmed; missing means empty. */
export function parseStringList(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ConfigError(path, "must be a list of strings");
  return value.map((item, i) => {
    if (typeof item !== "string" || item.trim() === "") throw new ConfigError(`${path}[${i}]`, "must be a non-empty string");
    return item.trim();
  });
}

/** A whole number in [min, max]; missing gives undefined so callers pick their default. */
export function parseIntegerField(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(path, max === Number.MAX_SAFE_INTEGER ? `must be an integer of at least ${min}` : `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** The name of an environment variable that holds a secret; the secret itself never goes in the config. */
export function parseEnvName(value: unknown, path: string, example: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/u.test(value)) {
    throw new ConfigError(path, `must be the name of an environment variable, e.g. ${example} (not the secret itself)`);
  }
  return value;
}
