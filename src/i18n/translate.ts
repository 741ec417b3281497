import { en, type Catalogue, type MessageKey } from "./messages/en.js";
import { fi } from "./messages/fi.js";
import { lt } from "./messages/lt.js";
import { ru } from "./messages/ru.js";
import type { Message } from "./messages/types.js";
import type { Locale } from "./locales.js";

export const CATALOGUES: Record<Locale, Catalogue> = { en, lt, ru, fi };

export type MessageParams = Record<string, string | number>;

/**
 * Messages and `Intl` formatting for one locale and time zone. Numbers, dates, percentages and
 * language names go through `Intl` (CLDR data shipped with Node), never hand-written patterns.
 */
export interface Translator {
  readonly locale: Locale;
  readonly timeZone: string;
  /** The message `key` with `{name}` placeholders filled; a plural message picks its form by `params.count`. */
  t(key: MessageKey, params?: MessageParams): string;
  formatNumber(value: number, maximumFractionDigits?: number): string;
  /** A signed change: "+3", "−2" (with the locale's minus sign), "0". */
  formatSigned(value: number, maximumFractionDigits?: number): string;
  /** `value` is already a percentage (0–100). */
  formatPercent(value: number, maximumFractionDigits?: number): string;
  formatDate(instant: Date | number): string;
  formatDateTime(instant: Date | number): string;
  /** A duration in ms as the largest sensible unit: "45 min", "3.5 h", "2 d". */
  formatDuration(ms: number): string;
  /** An ISO 639 code in the reader's language ("lt" → "Lithuanian", "lietuvių"); the code for `und` or unknown codes. */
  languageName(code: string): string;
  topicName(topic: string): string;
  stageName(stage: string): string;
  channelName(channel: string): string;
  sentimentName(sentiment: string): string;
}

export function createTranslator(locale: Locale, timeZone = "UTC"): Translator {
  const catalogue = CATALOGUES[locale];
  const plural = new Intl.PluralRules(locale);
  const numberFormats = new Map<string, Intl.NumberFormat>();
  const number = (options: Intl.NumberFormatOptions) => {
    const key = JSON.stringify(options);
    let format = numberFormats.get(key);
    if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, options)));
    return format;
  };
  const date = new Intl.DateTimeFormat(locale, { timeZone, year: "numeric", month: "short", day: "numeric" });
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone, year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  const languages = new Intl.DisplayNames([locale], { type: "language", fallback: "code" });
  const lookup = (key: string): string | undefined => {
    const message = (catalogue as Record<string, Message>)[key];
    return typeof message === "string" ? message : undefined;
  };
  const t = (key: MessageKey, params: MessageParams = {}): string => {
    const message = catalogue[key];
    const text = typeof message === "string" ? message : pickPlural(message, plural.select(Number(params.count ?? 0)));
    return text.replace(/\{(\w+)\}/gu, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
  return {
    locale,
    timeZone,
    t,
    formatNumber: (value, digits = 1) => number({ maximumFractionDigits: digits }).format(value),
    formatSigned: (value, digits = 0) => number({ maximumFractionDigits: digits, signDisplay: "exceptZero" }).format(value),
    formatPercent: (value, digits = 1) => number({ style: "percent", maximumFractionDigits: digits }).format(value / 100),
    formatDate: (instant) => date.format(instant),
    formatDateTime: (instant) => dateTime.format(instant),
    formatDuration: (ms) => {
      const minutes = ms / 60_000;
      if (minutes < 90) return number({ style: "unit", unit: "minute", unitDisplay: "short", maximumFractionDigits: 0 }).format(minutes);
      const hours = minutes / 60;
      if (hours < 48) return number({ style: "unit", unit: "hour", unitDisplay: "short", maximumFractionDigits: 1 }).format(hours);
      return number({ style: "unit", unit: "day", unitDisplay: "short", maximumFractionDigits: 1 }).format(hours / 24);
    },
    languageName: (code) => {
      if (code === "und" || !/^[a-z]{2,3}$/u.test(code)) return code;
      return languages.of(code) ?? code;
    },
    // Ids a custom taxonomy adds have no translation: they read as their id in words.
    topicName: (topic) => lookup(`topic.${topic}`) ?? toWords(topic),
    stageName: (stage) => lookup(`stage.${stage}`) ?? toWords(stage),
    channelName: (channel) => lookup(`channel.${channel}`) ?? toWords(channel),
    sentimentName: (sentiment) => lookup(`sentiment.${sentiment}`) ?? toWords(sentiment),
  };
}

function pickPlural(message: Exclude<Message, string>, category: Intl.LDMLPluralRule): string {
  if (category === "one" || category === "other") return message[category];
  return message[category as "few" | "many"] ?? message.other;
}

/** `app_bugs` → "App bugs". */
function toWords(id: string): string {
  const words = id.replace(/[_-]+/gu, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type { MessageKey } from "./messages/en.js";
