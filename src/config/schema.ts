import { z } from "zod";
import { LOCALES } from "../core/locale.js";
import { CHANNELS } from "../core/mention.js";

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
  brand: z
    .strictObject({
      terms: z.array(z.string().min(1)).default([]),
      /**
       * The brand's own accounts per source kind, for response tracking (docs/digest.md#responses):
       * only replies by these accounts count as the brand's answer, and posts by them are never
       * stored as customer mentions. reddit: usernames (`u/` optional); mastodon: `@user@instance`;
       * bluesky: handles or DIDs; hackernews: usernames; google-play / app-store: developer names;
       * review-page: the owner's name as the page states it. Default none: nothing is measured.
       */
      accounts: z
        .strictObject({
          reddit: z.array(z.string().regex(/^(\/?u\/)?[A-Za-z0-9_-]{3,20}$/u, "must be a Reddit username such as nordvik_support (u/ optional)")).optional(),
          mastodon: z.array(z.string().regex(/^@?[A-Za-z0-9_]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/u, "must be a full Mastodon handle such as @support@mastodon.social")).optional(),
          bluesky: z.array(z.string().regex(/^(did:[a-z]+:[A-Za-z0-9._:%-]+|@?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/u, "must be a Bluesky handle such as nordvik.bsky.social or a DID such as did:plc:…")).optional(),
          hackernews: z.array(z.string().regex(/^[A-Za-z0-9_-]{2,15}$/u, "must be a Hacker News username")).optional(),
          "google-play": z.array(z.string().trim().min(1, "must be the developer name shown on Google Play")).optional(),
          "app-store": z.array(z.string().trim().min(1, "must be the developer name shown on the App Store")).optional(),
          "review-page": z.array(z.string().trim().min(1, "must be the owner's name as the review page shows it")).optional(),
        }, {
          error: (issue) =>
            issue.code === "unrecognized_keys"
              ? `${issue.keys.map((k) => `"${k}"`).join(", ")}: no brand replies to measure there (accounts are for reddit, mastodon, bluesky, hackernews, google-play, app-store, review-page; rss and file imports cannot show replies)`
              : undefined,
        })
        .default({}),
    })
    .default({ terms: [], accounts: {} }),
  /** Replaces or extends the default taxonomy; validated by the classifier. */
  taxonomy: z.unknown().optional(),
  classifier: z
    .strictObject({
      /**
       * The learned model beside the rules: `builtin` (the shipped model), `none` (rules only), or
       * a model file relative to the config file, such as the local model `earshot train
       * --corrections` writes there. Default `builtin`.
       */
      model: z.string().min(1).default("builtin"),
    })
    .default({ model: "builtin" }),
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
      /**
       * Worker threads that redact and classify while the main thread fetches and stores; 0 keeps
       * everything in one thread. "auto": one fewer than the CPU cores, at most 4.
       */
      workers: z.union([z.literal("auto"), z.number().int().min(0).max(16)]).default("auto"),
    })
    .default({ concurrency: 4, sourceTimeoutMs: 300_000, workers: "auto" }),
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
      /**
       * The job queue several daemons share on PostgreSQL (daemon/work-queue.ts); ignored with SQLite.
       * expireMs: a scan job active this long lost its worker and is retried elsewhere (default
       * scan.sourceTimeoutMs + 60 s). retryLimit (3) and retryDelayMs (30 s, doubling) for failed
       * jobs. pollMs: an idle worker asks for jobs this often (2 s). maintenanceMs: expiry is
       * noticed at this pace (60 s).
       */
      queue: z
        .strictObject({
          expireMs: z.number().int().positive().optional(),
          retryLimit: z.number().int().min(0).default(3),
          retryDelayMs: z.number().int().positive().default(30_000),
          pollMs: z.number().int().positive().default(2_000),
          maintenanceMs: z.number().int().positive().default(60_000),
        })
        .default({ retryLimit: 3, retryDelayMs: 30_000, pollMs: 2_000, maintenanceMs: 60_000 }),
    })
    .default({
      defaultSchedule: "*/30 * * * *",
      jitterMaxMs: 30_000,
      maxDelayMs: 24 * 3_600_000,
      backoffBaseMs: 60_000,
      failingAfter: 5,
      failingIntervalMs: 6 * 3_600_000,
      shutdownGraceMs: 20_000,
      queue: { retryLimit: 3, retryDelayMs: 30_000, pollMs: 2_000, maintenanceMs: 60_000 },
    }),
  /** Personal data handling (docs/data-protection.md). */
  privacy: z
    .strictObject({
      /** Replace e-mails, phone numbers, card numbers, IBANs and national ids with placeholders before storage. Default true. */
      redact: z.boolean().default(true),
      /** Store the author's display handle next to its keyed hash. Default false (hash only). */
      keepAuthorHandles: z.boolean().default(false),
      /** HMAC secret file for author hashes, relative to the config file. Default: `<database>.secret`. */
      secretFile: z.string().min(1).optional(),
    })
    .default({ redact: true, keepAuthorHandles: false }),
  /** How stored data is laid out (README, storage). */
  storage: z
    .strictObject({
      /**
       * The item payload kept beside each mention (scrubbed like the text): `keep` as text,
       * `compress` brotli-compressed (about 71% of the bytes), `drop` not at all (thread checks of
       * Reddit comments and of Mastodon posts from other instances then cannot find their thread).
       * Default `compress`. `earshot db rewrite-raw` rewrites stored rows to the setting.
       */
      raw: z.enum(["keep", "compress", "drop"]).default("compress"),
    })
    .default({ raw: "compress" }),
  retention: z
    .strictObject({
      /** Mentions published (or, without a date, fetched) longer ago than this are deleted by `purge` and the daemon's daily job. Default 365. */
      days: z.number().int().positive().default(365),
    })
    .default({ days: 365 }),
  /** The weekly complaint digest (docs/digest.md). */
  digest: z
    .strictObject({
      /** When the daemon renders and delivers the digest of the last complete week, cron in `timezone`. Default Monday 08:00. */
      schedule: cronField.default("0 8 * * 1"),
      /** Spike rule: a topic spikes with ≥ minCount complaints and more than mean + k·σ of the baselineWeeks before. */
      spikes: z
        .strictObject({
          /** Standard deviations above the baseline mean. Default 3. */
          k: z.number().positive().max(10).default(3),
          /** Fewest complaints for a spike. Default 5. */
          minCount: z.number().int().positive().default(5),
          /** Weeks before the current one that form the baseline (and the headline averages). Default 8. */
          baselineWeeks: z.number().int().min(2).max(52).default(8),
        })
        .default({ k: 3, minCount: 5, baselineWeeks: 8 }),
      /** Quotes shown for each top topic. Default 3. */
      examplesPerTopic: z.number().int().min(1).max(10).default(3),
      /** Weeks drawn in the trend chart and CSV (at least baselineWeeks + 1 are computed). Default 12. */
      trendWeeks: z.number().int().min(2).max(52).default(12),
    })
    .default({ schedule: "0 8 * * 1", spikes: { k: 3, minCount: 5, baselineWeeks: 8 }, examplesPerTopic: 3, trendWeeks: 12 }),
  /** The dashboard (`earshot serve`, `daemon --ui`). */
  ui: z
    .strictObject({
      /** Language of the pages when the reader has not chosen one with `?lang=`: en, lt, ru, fi. Default en. */
      locale: z.enum(LOCALES).default("en"),
      /** host:port to listen on. Anything but loopback needs EARSHOT_UI_TOKEN. Default 127.0.0.1:8080. */
      listen: z.string().min(3).default("127.0.0.1:8080"),
    })
    .default({ locale: "en", listen: "127.0.0.1:8080" }),
  /** Where `digest --deliver`, the daemon's weekly digest and spike alerts go; any combination. */
  delivery: z
    .strictObject({
      /** Folder the digest files (html, md, csv, json) and alert files are written to, relative to the config file. */
      folder: z.string().min(1).optional(),
      /** Slack-compatible incoming webhook: POSTs `{ text, blocks }`. Give the URL or, since it is a secret, the env var holding it. */
      webhook: z
        .strictObject({
          url: z.url({ protocol: /^https?$/ }).optional(),
          /** Name of the environment variable holding the URL. */
          urlEnv: z.string().min(1).optional(),
        })
        .refine((w) => (w.url === undefined) !== (w.urlEnv === undefined), "give exactly one of url and urlEnv")
        .optional(),
      /** E-mail over SMTP: HTML body with a plain-text alternative. */
      email: z
        .strictObject({
          host: z.string().min(1),
          /** Default 587 (submission with STARTTLS). */
          port: z.number().int().min(1).max(65_535).default(587),
          /** true: TLS from the first byte (port 465). false: STARTTLS when the server offers it. Default false. */
          secure: z.boolean().default(false),
          from: z.string().min(3),
          to: z.array(z.string().min(3)).min(1),
          /** Environment variables holding the SMTP login; secrets are never written in the config. */
          userEnv: z.string().min(1).optional(),
          passwordEnv: z.string().min(1).optional(),
          /** Gives up on an unresponsive server after this long, ms. Default 30000. */
          timeoutMs: z.number().int().positive().default(30_000),
        })
        .optional(),
    })
    .default({}),
  /** Spike alerts between digests. */
  alerts: z
    .strictObject({
      /** Check the current week for spikes after each daemon scan that added mentions, and deliver new ones. Default false. */
      afterScan: z.boolean().default(false),
      /** The same topic is announced again on a channel only after this long, ms. Default 7 days. */
      cooldownMs: z.number().int().min(0).default(7 * 86_400_000),
    })
    .default({ afterScan: false, cooldownMs: 7 * 86_400_000 }),
  /** Brand response tracking (docs/digest.md#responses): needs `brand.accounts`. */
  responses: z
    .strictObject({
      /** A complaint not answered within this many hours breaches the SLA. Default 24. */
      slaHours: z.number().positive().max(24 * 365).default(24),
      /** Per-channel SLA overrides in hours, e.g. `{ app_store: 72 }`; channels as in mentions (social, review, app_store, forum…). */
      channels: z.partialRecord(z.enum(CHANNELS), z.strictObject({ slaHours: z.number().positive().max(24 * 365) })).default({}),
      /** Threads of complaints younger than this many days are checked for a brand reply (until answered). Default 14. */
      windowDays: z.number().int().positive().max(365).default(14),
      /** Thread fetches per source per run, so a backlog is worked off over several runs. Default 50. */
      maxChecksPerRun: z.number().int().positive().max(10_000).default(50),
      /** An unanswered thread is fetched again after this long, ms. Default 3 hours. */
      recheckMs: z.number().int().positive().default(3 * 3_600_000),
    })
    .default({ slaHours: 24, channels: {}, windowDays: 14, maxChecksPerRun: 50, recheckMs: 3 * 3_600_000 }),
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
