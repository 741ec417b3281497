/** A decoded HTTP answer. 304 is a result (`notModified`), not an error. */
export interface HttpResponse {
  /** Final URL after redirects. */
  url: string;
  status: number;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Raw body bytes (empty on 304). */
  body: Buffer;
  notModified: boolean;
  /** The body decoded to text: BOM, then Content-Type charset, then XML prolog / HTML meta, then UTF-8. */
  text(): string;
}

export interface GetOptions {
  signal?: AbortSignal;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Sent as If-None-Match. */
  etag?: string;
  /** Sent as If-Modified-Since. */
  lastModified?: string;
  /** Overrides the client's body-size cap for this request, in bytes. */
  maxBodyBytes?: number;
}

/** A POST body: JSON is serialised with Content-Type application/json. */
export interface PostOptions extends Omit<GetOptions, "etag" | "lastModified"> {
  json?: unknown;
  /** A form body, sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
}

export interface HttpClient {
  /**
   * GET with timeouts, a body-size cap, per-host queueing and inline retry for network errors and
   * 502/503/504. Resolves for 2xx and 304; throws HttpError otherwise (429/503 carry retryAfterMs).
   */
  get(url: URL | string, options?: GetOptions): Promise<HttpResponse>;
  /** GET + JSON.parse of the decoded body; malformed JSON throws HttpError with code ES_ERR_HTTP_BODY. */
  getJson<T>(url: URL | string, options?: GetOptions): Promise<T>;
  /**
   * POST (session logins, RPC-style endpoints). Never retried inline: a POST may not be
   * idempotent. Same timeouts, size cap, host policy and error rules as `get`.
   */
  post(url: URL | string, options: PostOptions): Promise<HttpResponse>;
  /** POST + JSON.parse of the answer, with getJson's error rules. */
  postJson<T>(url: URL | string, options: PostOptions): Promise<T>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}
