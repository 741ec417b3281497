import { EarshotError, HttpError } from "../core/errors.js";
import type { HttpClient } from "../http/types.js";
import type { Summary } from "./types.js";

/** Slack's incoming-webhook body: `text` for notifications and clients without blocks, `blocks` for layout. */
export interface SlackPayload {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

// Slack limits: a header's plain_text to 150 characters, a section's text to 3000.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

/**
 * POSTs the summary as Slack-compatible JSON (also accepted by Mattermost, Rocket.Chat and
 * Discord's /slack endpoint). The URL of an incoming webhook is its credential, so errors name
 * the host only and do not carry the client's error (whose message holds the full URL) as cause.
 */
export async function postSummaryToWebhook(http: HttpClient, url: string, summary: Summary, signal?: AbortSignal): Promise<string> {
  const host = toHost(url);
  try {
    await http.post(url, { json: toSlackPayload(summary), ...(signal ? { signal } : {}) });
  } catch (error) {
    const status = error instanceof HttpError && error.status > 0 ? ` (HTTP ${error.status})` : "";
    const reason = error instanceof HttpError ? error.code : error instanceof Error ? error.name : "error";
    throw new EarshotError("ES_ERR_DELIVERY", `webhook ${host}: delivery failed${status}: ${reason}`);
  }
  return host;
}

export function toSlackPayload(summary: Summary): SlackPayload {
  const title = toClipped(summary.title, HEADER_MAX);
  const body = toClipped(summary.lines.map(toSlackText).join("\n"), SECTION_MAX);
  return {
    text: toSlackText(`${summary.title}\n${summary.lines.join("\n")}`),
    blocks: [
      { type: "header", text: { type: "plain_text", text: title, emoji: true } },
      ...(body ? [{ type: "section", text: { type: "mrkdwn", text: body } }] : []),
    ],
  };
}

/**
 * Slack reads `<…>` as links and mentions (`<!channel>`) and `&` as an entity start; its docs
 * ask for exactly these three to be escaped ("Escaping text" in Formatting text for app surfaces).
 */
export function toSlackText(text: string): string {
  return text.replace(/&/gu, "&amp;").replace(/</gu, "&lt;").replace(/>/gu, "&gt;");
}

function toClipped(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

function toHost(url: string): string {
  try {
    return new URL(url).host;
  } catch (error) {
    if (error instanceof TypeError) return "(invalid URL)";
    throw error;
  }
}
