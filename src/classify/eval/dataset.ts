/**
 * Labeled items in the TAXONOMY.md JSON Lines format, and adapters that turn the public sets in
 * ../shared/datasets/ into the same items. Parsers take text, not paths: the CLI reads files.
 */
import { SENTIMENTS, type SentimentLabel } from "../../core/classification.js";
import { ParseError } from "../../core/errors.js";

export interface LabeledItem {
  id: string;
  text: string;
  /** Gold language; used for the breakdown and language-id accuracy, as input only with --trust-lang. */
  lang?: string;
  channel?: string;
  rating?: number;
  ratingScale?: number;
  sentiment?: SentimentLabel;
  complaint?: boolean;
  topics?: string[];
}

export const EVAL_FORMATS = ["cx", "vader", "sentirueval", "finnsentiment"] as const;
export type EvalFormat = (typeof EVAL_FORMATS)[number];

/** TAXONOMY.md labeled JSONL; fields missing from an item stay undefined and are not scored. */
export function parseLabeledJsonl(content: string, source: string): LabeledItem[] {
  const items: LabeledItem[] = [];
  content.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    const item = `line ${index + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new ParseError({ source, item, detail: "not valid JSON" }, { cause: error });
    }
    if (typeof raw !== "object" || raw === null) throw new ParseError({ source, item, detail: "not a JSON object" });
    const r = raw as Record<string, unknown>;
    if (typeof r.text !== "string") throw new ParseError({ source, item, detail: '"text" is missing or not a string' });
    const labeled: LabeledItem = { id: typeof r.id === "string" ? r.id : String(index + 1), text: r.text };
    if (typeof r.lang === "string") labeled.lang = r.lang;
    if (typeof r.channel === "string") labeled.channel = r.channel;
    if (typeof r.rating === "number") labeled.rating = r.rating;
    if (typeof r.scale === "number") labeled.ratingScale = r.scale;
    if (r.sentiment !== undefined) {
      if (!SENTIMENTS.includes(r.sentiment as SentimentLabel)) throw new ParseError({ source, item, detail: `"sentiment" must be one of ${SENTIMENTS.join(", ")}` });
      labeled.sentiment = r.sentiment as SentimentLabel;
    }
    if (r.complaint !== undefined) {
      if (typeof r.complaint !== "boolean") throw new ParseError({ source, item, detail: '"complaint" must be true or false' });
      labeled.complaint = r.complaint;
    }
    if (r.topics !== undefined) {
      if (!Array.isArray(r.topics) || !r.topics.every((t) => typeof t === "string")) throw new ParseError({ source, item, detail: '"topics" must be a list of topic ids' });
      labeled.topics = r.topics as string[];
    }
    items.push(labeled);
  });
  return items;
}

/**
 * VADER ground truth: `id \t mean rating (−4…+4) \t text`. 3-class mapping of the dataset
 * README: divide by 4, then ≥ 0.05 positive, ≤ −0.05 negative, neutral between.
 */
export function parseVaderTsv(content: string, source: string): LabeledItem[] {
  const items: LabeledItem[] = [];
  content.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    const [id, rating, ...rest] = line.split("\t");
    const mean = Number(rating);
    if (id === undefined || rest.length === 0 || !Number.isFinite(mean)) {
      throw new ParseError({ source, item: `line ${index + 1}`, detail: "expected id<TAB>rating<TAB>text" });
    }
    const normalised = mean / 4;
    const sentiment: SentimentLabel = normalised >= 0.05 ? "positive" : normalised <= -0.05 ? "negative" : "neutral";
    items.push({ id, text: rest.join("\t"), lang: "en", sentiment });
  });
  return items;
}

const SENTIRUEVAL_COMPANIES = ["beeline", "mts", "megafon", "tele2", "rostelecom", "komstar", "skylink", "sberbank", "vtb", "gazprom", "alfabank", "bankmoskvy", "raiffeisen", "uralsib", "rshb"];

/**
 * SentiRuEval-2016 phpMyAdmin XML: one `<table>` per tweet, company columns −1/0/1 or NULL.
 * Tweets whose companies disagree (49 in the telecom test set) are skipped: the item has one
 * text-level label here, and the task's per-company targets need entity-level sentiment.
 */
export function parseSentiRuEvalXml(content: string, source: string): LabeledItem[] {
  const items: LabeledItem[] = [];
  const tablePattern = /<table name="[^"]*">([\s\S]*?)<\/table>/g;
  const columnPattern = /<column name="([^"]+)">([\s\S]*?)<\/column>/g;
  for (const table of content.matchAll(tablePattern)) {
    const columns = new Map<string, string>();
    for (const column of table[1]!.matchAll(columnPattern)) columns.set(column[1]!, decodeXmlEntities(column[2]!));
    const text = columns.get("text");
    if (text === undefined) continue;
    const values = new Set(SENTIRUEVAL_COMPANIES.map((c) => columns.get(c)).filter((v): v is string => v !== undefined && v !== "NULL"));
    if (values.size !== 1) continue;
    const value = Number([...values][0]);
    const sentiment: SentimentLabel = value > 0 ? "positive" : value < 0 ? "negative" : "neutral";
    items.push({ id: columns.get("id") ?? String(items.length + 1), text, lang: "ru", sentiment });
  }
  if (items.length === 0) throw new ParseError({ source, detail: "no SentiRuEval <table> rows with a single company label" });
  return items;
}

function decodeXmlEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** FinnSentiment derivative: one sentence a line, the label is the file (neg / neut / pos). */
export function parseFinnSentimentLines(content: string, sentiment: SentimentLabel, source: string): LabeledItem[] {
  return content
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((text, index) => ({ id: `${source}:${index + 1}`, text, lang: "fi", sentiment }));
}
