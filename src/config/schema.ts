import { z } from "zod";

const cronField = z.string().regex(/^\S+(\s+\S+){4,5}$/, "must be a cron expression with 5 or 6 fields");

/** One entry of `sources:`. Kind-specific fields stay loose here; the source's parseConfig checks them. */
export const sourceEntrySchema = z.looseObject({
  name: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[\p{L}\p{N}][\p{L}\p{N}._ -]*$/u, "must start with a letter or digit and use letters, digits, '.', '_', '-' or spaces"),
  kind: z.string().min(1),
  schedule: cronField.optional(),
  enabled: z.boolean().default(true),
});

export const configSchema = z.strictObject({
  /** SQLite file, relative to the config file. */
  database: z.string().min(1).default("./earshot.db"),
  /** IANA zone for schedules and digest weeks. */
  timezone: z
    .string()
    .default("UTC")
    .refine((tz) => isTimeZone(tz), "is not an IANA time zone such as Europe/Vilnius"),
  /** Contact put in the User-Agent so platform operators can reach you (URL or e-mail). */
  contact: z.string().optional(),
  brand: z.strictObject({ terms: z.array(z.string().min(1)).default([]) }).default({ terms: [] }),
  /** Replaces or extends the default taxonomy; validated by the classifier. */
  taxonomy: z.unknown().optional(),
  http: z
    .strictObject({
      /** Time to wait for response headers, ms. */
      timeoutMs: z.number().int().positive().default(15_000),
      /** Time allowed between body chunks, ms. */
      bodyTimeoutMs: z.number().int().positive().default(30_000),
      /** Largest response body accepted, bytes. */
      maxBodyBytes: z.number().int().positive().default(10 * 1024 * 1024),
      perHostConcurrency: z.number().int().positive().max(16).default(2),
    })
    .default({ timeoutMs: 15_000, bodyTimeoutMs: 30_000, maxBodyBytes: 10 * 1024 * 1024, perHostConcurrency: 2 }),
  scan: z
    .strictObject({
      /** Sources scanned at once by `scan` and the daemon. */
      concurrency: z.number().int().positive().max(64).default(4),
      /** A scan of one source is abandoned after this long, ms. Committed pages stay. */
      sourceTimeoutMs: z.number().int().positive().default(300_000),
    })
    .default({ concurrency: 4, sourceTimeoutMs: 300_000 }),
  daemon: z
    .strictObject({
      /** Cron schedule for sources without their own `schedule`. */
      defaultSchedule: cronField.default("*/30 * * * *"),
      /** Largest deterministic per-source delay added to each scheduled run, ms. */
      jitterMaxMs: z.number().int().min(0).default(30_000),
      /** No check is planned further out than this, ms. */
      maxDelayMs: z.number().int().positive().default(24 * 3_600_000),
      /** First backoff after a failure (doubles per consecutive failure), ms. */
      backoffBaseMs: z.number().int().positive().default(60_000),
      /** Consecutive failures after which a source is marked failing. */
      failingAfter: z.number().int().positive().default(5),
      /** How often a failing source is still retried, ms. */
      failingIntervalMs: z.number().int().positive().default(6 * 3_600_000),
      /** On SIGTERM, how long in-flight scans may take to finish their page, ms. */
      shutdownGraceMs: z.number().int().positive().default(20_000),
    })
    .default({
      defaultSchedule: "*/30 * * * *",
      jitterMaxMs: 30_000,
      maxDelayMs: 24 * 3_600_000,
      backoffBaseMs: 60_000,
      failingAfter: 5,
      failingIntervalMs: 6 * 3_600_000,
      shutdownGraceMs: 20_000,
    }),
  sources: z.array(sourceEntrySchema).default([]),
});

export type ConfigFile = z.infer<typeof configSchema>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch (error) {
    // Intl throws RangeError for unknown zones; that is the answer, not a fault.
    return !(error instanceof RangeError);
  }
}
