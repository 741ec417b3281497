/**
 * Parsers that turn the public training sets of ../shared/datasets/training/ into labelled items,
 * with each set's labels mapped onto earshot's heads. The mappings are weak supervision: each
 * set labels only some heads, and an item leaves the others undefined so they are not trained
 * on it (a film subtitle teaches sentiment, never "no complaint"). The tables are documented in
 * docs/classifier.md ("Training data") and pinned by test/classify/training/public-sets.test.ts.
 */
import { parse as parseCsv } from "csv-parse/sync";
import type { SentimentLabel } from "../../core/classification.js";
import { ParseError } from "../../core/errors.js";
import type { LabeledItem } from "../eval/dataset.js";

/**
 * BANKING77 intent → topics (the set's README, "rough correspondences"). Intents not listed have
 * no topic; processing delays (`pending_*`, `transfer_timing`) are waits for money, not queues.
 */
export const BANKING77_TOPICS: Readonly<Record<string, readonly string[]>> = {
  declined_card_payment: ["checkout_payment"],
  transaction_charged_twice: ["checkout_payment"],
  pending_card_payment: ["checkout_payment"],
  "reverted_card_payment?": ["checkout_payment"],
  declined_transfer: ["checkout_payment"],
  failed_transfer: ["checkout_payment"],
  top_up_failed: ["checkout_payment"],
  top_up_reverted: ["checkout_payment"],
  card_acceptance: ["checkout_payment"],
  apple_pay_or_google_pay: ["checkout_payment"],
  card_payment_fee_charged: ["pricing_terms"],
  transfer_fee_charged: ["pricing_terms"],
  exchange_charge: ["pricing_terms"],
  cash_withdrawal_charge: ["pricing_terms"],
  top_up_by_card_charge: ["pricing_terms"],
  top_up_by_bank_transfer_charge: ["pricing_terms"],
  extra_charge_on_statement: ["pricing_terms"],
  exchange_rate: ["pricing_terms"],
  top_up_limits: ["pricing_terms"],
  disposable_card_limits: ["pricing_terms"],
  card_payment_wrong_exchange_rate: ["wrong_product_info"],
  wrong_exchange_rate_for_cash_withdrawal: ["wrong_product_info"],
  card_arrival: ["delivery"],
  card_delivery_estimate: ["delivery"],
  request_refund: ["returns_refunds"],
  Refund_not_showing_up: ["returns_refunds"],
  cancel_transfer: ["returns_refunds"],
  terminate_account: ["returns_refunds"],
  compromised_card: ["privacy_security"],
  lost_or_stolen_card: ["privacy_security"],
  lost_or_stolen_phone: ["privacy_security"],
  card_payment_not_recognised: ["privacy_security"],
  direct_debit_payment_not_recognised: ["privacy_security"],
  cash_withdrawal_not_recognised: ["privacy_security"],
  why_verify_identity: ["privacy_security"],
  verify_source_of_funds: ["privacy_security"],
  passcode_forgotten: ["website_app_usability"],
  unable_to_verify_identity: ["website_app_usability"],
  edit_personal_details: ["website_app_usability"],
  exchange_via_app: ["website_app_usability"],
  card_not_working: ["product_quality"],
  contactless_not_working: ["product_quality"],
  virtual_card_not_working: ["product_quality"],
  card_swallowed: ["product_quality"],
  atm_support: ["product_quality"],
};

/**
 * BANKING77 intent → complaint. Intents that name a problem the customer had are complaints;
 * how-to and information intents are not; the rest (fees, pending money, lost cards) hold both
 * ("how much is…" vs "why was I charged…") and stay unlabelled.
 */
export const BANKING77_COMPLAINT: Readonly<Record<string, boolean>> = Object.fromEntries([
  ...[
    "card_not_working", "contactless_not_working", "virtual_card_not_working", "card_swallowed", "declined_card_payment",
    "declined_transfer", "declined_cash_withdrawal", "failed_transfer", "top_up_failed", "top_up_reverted", "reverted_card_payment?",
    "transaction_charged_twice", "wrong_amount_of_cash_received", "card_payment_not_recognised", "direct_debit_payment_not_recognised",
    "cash_withdrawal_not_recognised", "Refund_not_showing_up", "extra_charge_on_statement", "card_payment_wrong_exchange_rate",
    "wrong_exchange_rate_for_cash_withdrawal", "compromised_card", "pin_blocked", "unable_to_verify_identity",
    "balance_not_updated_after_bank_transfer", "balance_not_updated_after_cheque_or_cash_deposit", "transfer_not_received_by_recipient",
    "card_arrival",
  ].map((intent) => [intent, true] as const),
  ...[
    "age_limit", "fiat_currency_support", "supported_cards_and_currencies", "getting_virtual_card", "get_physical_card",
    "visa_or_mastercard", "order_physical_card", "get_disposable_virtual_card", "getting_spare_card", "country_support",
    "card_delivery_estimate", "exchange_via_app", "top_up_limits", "disposable_card_limits", "automatic_top_up", "topping_up_by_card",
    "top_up_by_cash_or_cheque", "activate_my_card", "change_pin", "card_linking", "receiving_money", "transfer_into_account",
    "verify_my_identity", "why_verify_identity", "verify_source_of_funds", "apple_pay_or_google_pay", "exchange_rate",
    "edit_personal_details", "card_about_to_expire", "beneficiary_not_allowed",
  ].map((intent) => [intent, false] as const),
]);

/** `text,category` CSV (the official train.csv / test.csv). No sentiment: the set has none. */
export function parseBanking77Csv(content: string, source: string): LabeledItem[] {
  let rows: string[][];
  try {
    rows = parseCsv(content, { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new ParseError({ source, detail: "not a text,category CSV" }, { cause: error });
  }
  const [header, ...body] = rows;
  if (header?.[0] !== "text" || header[1] !== "category") throw new ParseError({ source, item: "line 1", detail: 'expected the header "text,category"' });
  return body.map(([text, intent], index) => {
    const item: LabeledItem = { id: `${source}:${index + 2}`, text: text!, lang: "en", channel: "support", topics: [...(BANKING77_TOPICS[intent!] ?? [])] };
    const complaint = BANKING77_COMPLAINT[intent!];
    if (complaint !== undefined) item.complaint = complaint;
    return item;
  });
}

/** SemEval-2014 restaurant categories → topics (the set's README). */
export const ABSA2014_TOPICS: Readonly<Record<string, string>> = {
  food: "product_quality",
  service: "staff_competence",
  price: "pricing_terms",
};

/** SemEval-2015/16 ENTITY#ATTRIBUTE → topic; entities and attributes not listed have none. */
export function toAbsaTopic(category: string): string | undefined {
  const [entity, attribute] = category.split("#");
  if (attribute === "PRICES") return "pricing_terms";
  if (entity === "SERVICE") return "staff_competence";
  if (attribute === "QUALITY" || attribute === "CLEANLINESS" || attribute === "COMFORT") return "product_quality";
  if (entity === "ROOMS_AMENITIES") return "product_quality";
  return undefined;
}

/** Opinions on these topics that are negative describe a problem the reviewer had. */
const ABSA_COMPLAINT_TOPICS = new Set(["product_quality", "staff_competence", "pricing_terms"]);

interface AbsaOpinion {
  topic: string | undefined;
  polarity: string | undefined;
}

/**
 * Both SemEval ABSA XML layouts. Sentence sentiment is the polarity all its opinions share (mixed
 * and `conflict` sentences leave sentiment unlabelled; sentences without opinions too, since
 * "often, not always" neutral is not a label); topics from the categories; complaint = a negative
 * opinion on quality, service or price, false when every opinion is positive. The 2014 test file
 * has categories but no polarities: it labels topics only.
 */
export function parseAbsaXml(content: string, source: string): LabeledItem[] {
  const items: LabeledItem[] = [];
  const sentencePattern = /<sentence id="([^"]*)"([^>]*)>([\s\S]*?)<\/sentence>/g;
  for (const match of content.matchAll(sentencePattern)) {
    const [, id, attributes, body] = match;
    if (/OutOfScope="TRUE"/.test(attributes!)) continue;
    const text = /<text>([\s\S]*?)<\/text>/.exec(body!)?.[1];
    if (text === undefined) throw new ParseError({ source, item: `sentence ${id}`, detail: "no <text>" });
    const opinions: AbsaOpinion[] = [];
    for (const c of body!.matchAll(/<aspectCategory category="([^"]*)"(?: polarity="([^"]*)")?/g)) opinions.push({ topic: ABSA2014_TOPICS[c[1]!], polarity: c[2] });
    for (const o of body!.matchAll(/<Opinion [^>]*?category="([^"]*)"[^>]*?polarity="([^"]*)"/g)) opinions.push({ topic: toAbsaTopic(o[1]!), polarity: o[2] });
    const item: LabeledItem = { id: `${source}:${id}`, text: decodeXml(text), lang: "en", channel: "review", topics: [...new Set(opinions.map((o) => o.topic).filter((t): t is string => t !== undefined))] };
    const polarities = new Set(opinions.map((o) => o.polarity).filter((p): p is string => p !== undefined));
    if (polarities.size === 1) {
      const [only] = polarities;
      if (only === "positive" || only === "negative" || only === "neutral") item.sentiment = only as SentimentLabel;
    }
    if (opinions.some((o) => o.polarity === "negative" && o.topic !== undefined && ABSA_COMPLAINT_TOPICS.has(o.topic))) item.complaint = true;
    else if (polarities.size === 1 && polarities.has("positive")) item.complaint = false;
    items.push(item);
  }
  if (items.length === 0) throw new ParseError({ source, detail: "no <sentence> elements" });
  return items;
}

/** XED emotion numbers (the set's README): anger 1 … trust 8. */
const XED_NEGATIVE = new Set([1, 3, 4, 6]);
const XED_POSITIVE = new Set([5, 8]);

/**
 * XED Finnish `sentence<TAB>labels`: anger, disgust, fear, sadness → negative; joy, trust →
 * positive; lines with both kinds, or only anticipation/surprise, are left out.
 */
export function parseXedAnnotated(content: string, source: string): LabeledItem[] {
  const items: LabeledItem[] = [];
  content.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    const tab = line.lastIndexOf("\t");
    if (tab < 0) throw new ParseError({ source, item: `line ${index + 1}`, detail: "expected sentence<TAB>labels" });
    const codes = line.slice(tab + 1).split(",").map((c) => Number(c.trim()));
    const negative = codes.some((c) => XED_NEGATIVE.has(c));
    const positive = codes.some((c) => XED_POSITIVE.has(c));
    if (negative === positive) return;
    items.push({ id: `${source}:${index + 1}`, text: line.slice(0, tab), lang: "fi", sentiment: negative ? "negative" : "positive" });
  });
  return items;
}

/** XED `neu_fi.txt`: id, sentence, 2, number, subtitle path; every line neutral, repeats dropped. */
export function parseXedNeutral(content: string, source: string): LabeledItem[] {
  const seen = new Set<string>();
  const items: LabeledItem[] = [];
  content.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    const text = line.split("\t")[1];
    if (text === undefined) throw new ParseError({ source, item: `line ${index + 1}`, detail: "expected id<TAB>sentence<TAB>…" });
    if (seen.has(text)) return;
    seen.add(text);
    items.push({ id: `${source}:${index + 1}`, text, lang: "fi", sentiment: "neutral" });
  });
  return items;
}

function decodeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
