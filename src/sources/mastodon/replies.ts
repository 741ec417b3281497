/**
 * The replies under a stored status, for brand response tracking (issue 13):
 * `GET /api/v1/statuses/:id/context` answers `{ ancestors, descendants }` (mastodon/documentation
 * `content/en/methods/statuses.md`, "Get parent and child statuses in context"). `:id` is the
 * instance-local id, which the stored payload carries; descendants are the whole reply tree,
 * flattened. A deleted reply is simply absent; a reply the server hides from us (a followers-only
 * reply, a suspended account) is absent too, so Mastodon can under-count, never over-count.
 */
import { ParseError } from "../../core/errors.js";
import { parseJsonBody } from "../json-body.js";
import type { ReplyDraft, ThreadRef } from "../../core/response.js";
import { htmlToText } from "../../text/html.js";
import type { FetchContext } from "../types.js";
import type { MastodonConfig } from "./config.js";

export async function fetchMastodonReplies(ctx: FetchContext, config: MastodonConfig, thread: ThreadRef): Promise<ReplyDraft[]> {
  const host = new URL(config.instance).hostname;
  const localId = toLocalId(thread, config.instance);
  if (!localId) throw new ParseError({ source: `mastodon ${host}`, item: thread.externalId, detail: "no instance-local status id in the stored payload" });
  const url = new URL(`${config.instance}/api/v1/statuses/${encodeURIComponent(localId)}/context`);
  const headers: Record<string, string> = { accept: "application/json" };
  const token = config.tokenEnv ? process.env[config.tokenEnv]?.trim() : undefined;
  if (token) headers.authorization = `Bearer ${token}`;
  const body = (await ctx.http.get(url, { signal: ctx.signal, headers })).text();
  return parseMastodonContext(body, `mastodon ${host} status ${localId}`, host);
}

/** The payload's first `"id"` is the status's own (the entity starts with it); a local uri ends with it too. */
function toLocalId(thread: ThreadRef, instance: string): string | undefined {
  const fromRaw = /^\{"id":"([^"]+)"/u.exec(thread.raw ?? "")?.[1];
  if (fromRaw) return fromRaw;
  const uri = URL.canParse(thread.externalId) ? new URL(thread.externalId) : undefined;
  if (uri && uri.hostname === new URL(instance).hostname) return /\/statuses\/(\d+)$/u.exec(uri.pathname)?.[1];
  return undefined;
}

export function parseMastodonContext(body: string, label: string, host: string): ReplyDraft[] {
  const value = parseJsonBody(body, label);
  if (typeof value !== "object" || value === null || !Array.isArray((value as { descendants?: unknown }).descendants)) {
    throw new ParseError({ source: label, detail: "expected a Context entity with a descendants array" });
  }
  const replies: ReplyDraft[] = [];
  for (const s of (value as { descendants: unknown[] }).descendants) {
    if (typeof s !== "object" || s === null) continue;
    const status = s as Record<string, unknown>;
    const account = status.account as Record<string, unknown> | undefined;
    const createdMs = typeof status.created_at === "string" ? Date.parse(status.created_at) : Number.NaN;
    if (typeof status.uri !== "string" || Number.isNaN(createdMs)) continue;
    const reply: ReplyDraft = { externalId: status.uri, text: typeof status.content === "string" ? htmlToText(status.content) : "", publishedAt: new Date(createdMs) };
    // `acct` is "user" for accounts of this instance and "user@domain" for remote ones.
    if (account && typeof account.acct === "string") reply.author = account.acct.includes("@") ? account.acct : `${account.acct}@${host}`;
    if (typeof status.url === "string") reply.url = status.url;
    replies.push(reply);
  }
  return replies;
}
