import { writeFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import type { Config } from "../../config/load.js";
import { describeError, UsageError } from "../../core/errors.js";
import type { Logger } from "../../core/log.js";
import { deliverParcel, toConfiguredChannels } from "../../delivery/deliver.js";
import { toDigestParcel, toNewThemeAlertParcel, toSlaAlertParcel, toSpikeAlertParcel } from "../../delivery/parcels.js";
import type { DeliveryChannel, DeliveryResult, DeliveryTargets, Parcel } from "../../delivery/types.js";
import type { Spike } from "../../digest/spikes.js";
import type { Theme } from "../../digest/themes.js";
import { loadDigest, type DigestOptions } from "../../digest/load.js";
import { toLatestDataWeek } from "../../digest/latest-week.js";
import { DIGEST_FORMATS, renderDigest, type DigestFormat } from "../../digest/render.js";
import { loadSlaBacklog, type ResponseDigestOptions, type SlaBacklog } from "../../digest/responses.js";
import type { Digest } from "../../digest/types.js";
import { parseIsoWeek, toIsoWeek, toIsoWeekLabel, toLastCompleteWeek, toRangeBuckets, toWeekBucket, toWeekBuckets, type IsoWeek } from "../../digest/week.js";
import { createHttpClient } from "../../http/client.js";
import type { HttpClient } from "../../http/types.js";

import { openStore } from "../../store/open.js";
import type { Store } from "../../store/types.js";


import { EXIT_FAILED, EXIT_OK, type CliIo } from "../io.js";
import { loadConfigFor, type ConfigOptions, withConfigOptions } from "../options.js";
import { createBrandMatcher, toMeasurableKinds } from "../../pipeline/brand-accounts.js";
import { createSourceRegistry } from "../../sources/registry.js";

interface DigestCommandOptions extends ConfigOptions {
  week?: string;
  from?: string;
  to?: string;
  format?: DigestFormat;
  out?: string;
  deliver?: boolean;
}

/** Which period a digest covers: an ISO week, a date range, or (neither) the last complete week. */
export interface DigestSelection {
  week?: string;
  from?: string;
  to?: string;
}

export function defineDigestCommand(program: Command, io: CliIo): void {
  withConfigOptions(program.command("digest").description("weekly complaint digest: headline numbers, stages, topics, spikes, evidence and trend"))
    .option("--week <YYYY-Www>", "ISO week in the config time zone (default: the last complete week)")
    .option("--from <date>", "first day of a custom period (YYYY-MM-DD, with --to)")
    .option("--to <date>", "last day of a custom period, inclusive (YYYY-MM-DD)")
    .option("--format <format>", `${DIGEST_FORMATS.join(" | ")} (default: from --out's extension, else md)`, parseFormat)
    .option("-o, --out <file>", "write to this file instead of stdout")
    .option("--deliver", "also deliver it as configured in `delivery:` (folder, webhook, e-mail)")
    .action(async (options: DigestCommandOptions) => {
      io.exitCode = await runDigestCommand(options, io);
    });
}

async function runDigestCommand(options: DigestCommandOptions, io: CliIo): Promise<number> {
  const format = options.format ?? toFormatOfPath(options.out) ?? "md";
  const config = loadConfigFor(options, io, true);
  const store = await openStore(config.database);
  try {
    const now = io.now?.() ?? new Date();
    await refreshRollupsBeforeDigest(store, config, now, io);
    const digest = await loadDigestFor(store, config, options, now);
    const rendered = renderDigest(digest, format);
    if (options.out) writeFileSync(resolve(io.cwd, options.out), rendered, "utf8");
    else io.stdout(rendered);
    if (!options.deliver) return EXIT_OK;
    const targets = toDeliveryTargets(config, io.cwd);
    if (toConfiguredChannels(targets).length === 0) throw new UsageError("--deliver: no `delivery:` channel is configured (folder, webhook or email)");
    const http = createDeliveryHttpClient(config);
    try {
      const results = await deliverParcel(toDigestParcel(digest), targets, { http, env: io.env, ...(io.signal ? { signal: io.signal } : {}) });
      for (const r of results) io.stderr(`digest ${digest.period.label} → ${r.channel}: ${r.ok ? "delivered" : "FAILED"} (${r.detail})\n`);
      return results.every((r) => r.ok) ? EXIT_OK : EXIT_FAILED;
    } finally {
      await http.close();
    }
  } finally {
    await store.close();
  }
}

/**
 * Brings the daily rollups up to date first (the daemon keeps them current; a store only ever
 * scanned by `earshot scan` gets its history rolled up once, here). Without them the digest is
 * the same, only slower, so a failure (another process holding the write lock past the busy
 * timeout) is reported and the digest goes on.
 */
async function refreshRollupsBeforeDigest(store: Store, config: Config, now: Date, io: CliIo): Promise<void> {
  try {
    await store.refreshDigestRollups({ timezone: config.timezone, now });
  } catch (error) {
    io.stderr(`digest: daily rollups not refreshed (${describeError(error)}); counting from the mentions\n`);
  }
}

/** The digest for `selection` (an ISO week, a date range, or the last complete week at `now`). */
export function loadDigestFor(store: Store, config: Config, selection: DigestSelection, now: Date, extra: Pick<DigestOptions, "themes"> = {}): Promise<Digest> {
  const { timezone } = config;
  const rule = config.digest.spikes;
  const count = Math.max(config.digest.trendWeeks, rule.baselineWeeks + 1);
  if (selection.week && (selection.from || selection.to)) throw new UsageError("choose --week or --from/--to, not both");
  if (Boolean(selection.from) !== Boolean(selection.to)) throw new UsageError("--from and --to go together");
  const range = selection.from && selection.to;
  const buckets = range
    ? toRangeBuckets(selection.from!, selection.to!, count, timezone)
    : toWeekBuckets(selection.week ? parseIsoWeek(selection.week) : toLastCompleteWeek(now, timezone), count, timezone);
  return loadDigest(store, { buckets, kind: range ? "range" : "week", timezone, spikes: rule, examplesPerTopic: config.digest.examplesPerTopic, now, responses: toResponseOptions(config), brandTerms: config.brand.terms, ...extra });
}

function toResponseOptions(config: Config): ResponseDigestOptions {
  return {
    measurableKinds: toMeasurableKinds(createSourceRegistry(), createBrandMatcher(config.brand.accounts)),
    slaHours: config.responses.slaHours,
    slaHoursByChannel: Object.fromEntries(Object.entries(config.responses.channels).map(([channel, o]) => [channel, o!.slaHours])),
  };
}

export { toLatestDataWeek };

/** The config's `delivery:` with the folder made absolute (relative to the config file, else `cwd`). */
export function toDeliveryTargets(config: Config, cwd: string): DeliveryTargets {
  const { folder, webhook, email } = config.delivery;
  return {
    ...(folder ? { folder: resolve(config.file ? dirname(config.file) : cwd, folder) } : {}),
    ...(webhook ? { webhook } : {}),
    ...(email ? { email } : {}),
  };
}

export function createDeliveryHttpClient(config: Config): HttpClient {
  return createHttpClient({
    ...(config.contact ? { contact: config.contact } : {}),
    headersTimeoutMs: config.http.timeoutMs,
    bodyTimeoutMs: config.http.bodyTimeoutMs,
    maxBodyBytes: 1024 * 1024,
  });
}

export interface DigestJobDeps {
  store: Store;
  http: HttpClient;
  config: () => Config;
  env: Record<string, string | undefined>;
  cwd: string;
  now: () => Date;
  log: Logger;
}

/** The daemon's weekly job: the last complete week's digest, delivered on every configured channel. */
export async function runWeeklyDigestJob(deps: DigestJobDeps, signal?: AbortSignal): Promise<DeliveryResult[]> {
  const config = deps.config();
  const targets = toDeliveryTargets(config, deps.cwd);
  if (toConfiguredChannels(targets).length === 0) {
    deps.log.warn({ job: "digest" }, "no delivery channel configured; weekly digest not sent");
    return [];
  }
  const digest = await loadDigestFor(deps.store, config, {}, deps.now());
  const results = await deliverParcel(toDigestParcel(digest), targets, { http: deps.http, env: deps.env, ...(signal ? { signal } : {}) });
  for (const r of results) {
    const fields = { job: "digest", period: digest.period.label, channel: r.channel, complaints: digest.totals.complaints.value, spikes: digest.spikes.length };
    if (r.ok) deps.log.info(fields, "digest delivered");
    else deps.log.error({ ...fields, error: r.detail }, "digest delivery failed");
  }
  return results;
}

/**
 * Checks the current (still running) week for spikes, unanswered complaints past their SLA and
 * new themes, and delivers what was not announced on a channel within `alerts.cooldownMs`; each
 * delivered alert is recorded per channel in alerts_sent.
 */
export async function runSpikeAlertCheck(deps: DigestJobDeps, signal?: AbortSignal): Promise<DeliveryResult[]> {
  const config = deps.config();
  const targets = toDeliveryTargets(config, deps.cwd);
  const channels = toConfiguredChannels(targets);
  if (channels.length === 0) return [];
  const now = deps.now();
  const digest = await loadDigestFor(deps.store, config, { week: toIsoWeekLabel(toIsoWeek(now, config.timezone)) }, now);
  const since = new Date(now.getTime() - config.alerts.cooldownMs);
  const sent = async (prefix: string, channel: DeliveryChannel) => (await deps.store.loadLastAlertSent(prefix, channel, since)) !== undefined;
  const unsent = async <T>(items: readonly T[], prefixOf: (item: T) => string, channel: DeliveryChannel): Promise<T[]> => {
    const due: T[] = [];
    for (const item of items) if (!(await sent(prefixOf(item), channel))) due.push(item);
    return due;
  };
  const period = digest.period.label;
  const spikes: AlertKind<Spike> = {
    label: "spike alert",
    due: (channel) => unsent(digest.spikes, (s) => `spike:${s.topic}:`, channel),
    parcel: (due) => toSpikeAlertParcel(digest, due),
    keys: (due) => due.map((s) => `spike:${s.topic}:${period}`),
    fields: (due) => ({ spikes: due.map((s) => s.topic) }),
  };
  // "Unanswered complaints past SLA": complaints of the thread-check window the brand left
  // unanswered longer than their SLA on a measurable platform.
  const backlog = await loadSlaBacklog(deps.store, { ...toResponseOptions(config), windowDays: config.responses.windowDays }, now);
  const sla: AlertKind<SlaBacklog> = {
    label: "SLA alert",
    due: async (channel) => (digest.responses.measurable && backlog.count > 0 && !(await sent("sla:unanswered:", channel)) ? [backlog] : []),
    parcel: () => toSlaAlertParcel(digest, backlog),
    keys: () => [`sla:unanswered:${period}`],
    fields: () => ({ unansweredPastSla: backlog.count }),
  };
  // Emerging issues: themes of the running week flagged "new" (docs/digest.md#what-customers-say).
  const emerging = (digest.themes?.topics ?? []).flatMap((t) => t.themes).filter((t) => t.new);
  const themes: AlertKind<Theme> = {
    label: "new-theme alert",
    due: (channel) => unsent(emerging, (t) => `theme:${t.id}:`, channel),
    parcel: (due) => toNewThemeAlertParcel(digest, due),
    keys: (due) => due.map((t) => `theme:${t.id}:${period}`),
    fields: (due) => ({ themes: due.map((t) => t.id) }),
  };
  const results: DeliveryResult[] = [];
  results.push(...(await deliverAlerts(deps, targets, channels, spikes, period, now, signal)));
  results.push(...(await deliverAlerts(deps, targets, channels, sla, period, now, signal)));
  results.push(...(await deliverAlerts(deps, targets, channels, themes, period, now, signal)));
  return results;
}

/** One kind of alert: what is due per channel, its parcel, and the alerts_sent keys that mark it sent. */
interface AlertKind<T> {
  label: string;
  /** Items not announced on `channel` within the cool-down. */
  due(channel: DeliveryChannel): Promise<T[]>;
  parcel(due: readonly T[]): Parcel;
  keys(due: readonly T[]): string[];
  fields(due: readonly T[]): Record<string, unknown>;
}

/**
 * Delivers what is due per channel and records it in alerts_sent (the cool-down); a channel that
 * failed is not recorded, so the next check retries it.
 */
async function deliverAlerts<T>(deps: DigestJobDeps, targets: DeliveryTargets, channels: readonly DeliveryChannel[], kind: AlertKind<T>, period: string, now: Date, signal?: AbortSignal): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  for (const channel of channels) {
    const due = await kind.due(channel);
    if (due.length === 0) continue;
    const [result] = await deliverParcel(kind.parcel(due), targets, { http: deps.http, env: deps.env, ...(signal ? { signal } : {}) }, [channel]);
    results.push(result!);
    const fields = { job: "alerts", period, channel, ...kind.fields(due) };
    if (!result!.ok) {
      deps.log.error({ ...fields, error: result!.detail }, `${kind.label} delivery failed`);
      continue;
    }
    for (const alertKey of kind.keys(due)) await deps.store.saveAlertSent({ alertKey, channel, sentAt: now });
    deps.log.info(fields, `${kind.label} delivered`);
  }
  return results;
}

function parseFormat(value: string): DigestFormat {
  if (!(DIGEST_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`"${value}" is not one of ${DIGEST_FORMATS.join(", ")}`);
  return value as DigestFormat;
}

function toFormatOfPath(path: string | undefined): DigestFormat | undefined {
  const ext = path ? extname(path).slice(1).toLowerCase() : "";
  if (ext === "markdown") return "md";
  if (ext === "htm") return "html";
  return (DIGEST_FORMATS as readonly string[]).includes(ext) ? (ext as DigestFormat) : undefined;
}

/** The daemon job that delivers the weekly digest on `digest.schedule`. */
export function toWeeklyDigestJob(deps: DigestJobDeps): { name: string; schedule: string; run(signal: AbortSignal): Promise<void> } {
  return {
    name: "digest",
    schedule: deps.config().digest.schedule,
    async run(signal) {
      await runWeeklyDigestJob(deps, signal);
    },
  };
}

/**
 * The daemon's after-scan hook: when `alerts.afterScan` is on and a scan added mentions, checks
 * for spikes. Checks never overlap; scans finishing during one ask for a single re-check after it.
 */
export function toSpikeAlertTrigger(deps: DigestJobDeps): (report: { added: number }, always?: boolean) => void {
  let running = false;
  let again = false;
  const check = async (): Promise<void> => {
    running = true;
    try {
      do {
        again = false;
        await runSpikeAlertCheck(deps);
      } while (again);
    } catch (error) {
      deps.log.error({ job: "alerts", error: error instanceof Error ? error.message : String(error) }, "spike alert check failed");
    } finally {
      running = false;
    }
  };
  // `always`: after a thread check, which may leave complaints unanswered past the SLA without any new mention.
  return (report, always = false) => {
    if (!deps.config().alerts.afterScan || (report.added === 0 && !always)) return;
    if (running) again = true;
    else void check();
  };
}

/**
 * Writes `earshot-digest.html` and `earshot-digest.md` into `folder` for `week`, or for the
 * latest week with data (toLatestDataWeek): the end of `earshot demo`.
 * @returns the week shown and the paths written, or undefined when the store is empty.
 */
export async function saveDigestFiles(store: Store, config: Config, folder: string, now: Date, week?: string): Promise<{ period: string; paths: string[] } | undefined> {
  const latest = week === undefined ? await toLatestDataWeek(store, config.timezone) : undefined;
  const chosen = week ?? (latest ? toIsoWeekLabel(latest) : undefined);
  if (!chosen) return undefined;
  const digest = await loadDigestFor(store, config, { week: chosen }, now);
  const paths = (["html", "md"] as const).map((format) => {
    const path = resolve(folder, `earshot-digest.${format}`);
    writeFileSync(path, renderDigest(digest, format), "utf8");
    return path;
  });
  return { period: digest.period.label, paths };
}
