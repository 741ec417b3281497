/**
 * Who the brand is on each platform (config `brand.accounts`), and the replies that are its
 * answers. Sources report every reply with its author; only here is a reply credited to the brand.
 */
import type { ReplyDraft } from "../core/response.js";
import type { NewResponse } from "../store/types.js";
import { toRedacted } from "../text/redact.js";
import type { SourceRegistry } from "../sources/registry.js";

/** `brand.accounts`: source kind → the brand's accounts there, as written in the config. */
export type BrandAccounts = Readonly<Partial<Record<string, readonly string[]>>>;

export interface BrandMatcher {
  /** The configured account `author` (or one of `ids`) is, on this kind; undefined when not the brand's. */
  accountOf(kind: string, author: string | undefined, ids?: readonly string[]): string | undefined;
  /** The first account configured for `kind` (developer responses name no account). */
  firstOf(kind: string): string | undefined;
  /** The kinds with at least one account configured. */
  readonly kinds: readonly string[];
}

/**
 * Platform spelling rules, so the config can be written as users see handles: Reddit's `u/`,
 * Mastodon's and Bluesky's leading `@` are dropped; all compare case-insensitively (Reddit,
 * Mastodon and Bluesky handles are case-insensitive; HN's are not, but two HN users differing
 * only in case are not a risk worth a miss on a typo).
 */
function toKey(kind: string, name: string): string {
  const trimmed = name.trim().toLowerCase();
  if (kind === "reddit") return trimmed.replace(/^\/?u\//u, "");
  if (kind === "mastodon" || kind === "bluesky") return trimmed.replace(/^@/u, "");
  return trimmed;
}

export function createBrandMatcher(accounts: BrandAccounts = {}): BrandMatcher {
  const byKind = new Map<string, Map<string, string>>();
  for (const [kind, names] of Object.entries(accounts)) {
    if (!names || names.length === 0) continue;
    byKind.set(kind, new Map(names.map((name) => [toKey(kind, name), name])));
  }
  return {
    kinds: [...byKind.keys()],
    firstOf: (kind) => byKind.get(kind)?.values().next().value,
    accountOf(kind, author, ids = []) {
      const names = byKind.get(kind);
      if (!names) return undefined;
      for (const candidate of [author, ...ids]) {
        if (candidate === undefined) continue;
        const found = names.get(toKey(kind, candidate));
        if (found !== undefined) return found;
      }
      return undefined;
    },
  };
}

/**
 * The kinds whose platform shows replies and for which the brand's accounts are configured: only
 * there is a response rate a measurement. Everything else is "not measurable", never 0 %.
 */
export function toMeasurableKinds(registry: SourceRegistry, matcher: BrandMatcher): string[] {
  return matcher.kinds.filter((kind) => registry.get(kind)?.replies !== undefined);
}

/**
 * The brand's replies among `replies`, ready to store: redacted exactly like mention text. A reply
 * the platform says is the owner's (developer response) is the brand's when accounts are
 * configured for the kind: the owner name, when the payload gives one, must be among them.
 */
export function toBrandResponses(kind: string, replies: readonly ReplyDraft[], matcher: BrandMatcher, redact: boolean): NewResponse[] {
  const out: NewResponse[] = [];
  for (const reply of replies) {
    const responder = reply.byOwner ? ownerAccount(kind, reply.byOwner.ownerName, matcher) : matcher.accountOf(kind, reply.author, reply.authorIds);
    if (responder === undefined) continue;
    const text = redact ? toRedacted(reply.text) : { text: reply.text, count: 0 };
    out.push({ externalId: reply.externalId, responder, respondedAt: reply.publishedAt, url: reply.url ?? null, text: text.text, redactions: text.count, deleted: reply.deleted ?? false });
  }
  return out;
}

function ownerAccount(kind: string, ownerName: string | undefined, matcher: BrandMatcher): string | undefined {
  if (ownerName !== undefined) return matcher.accountOf(kind, ownerName);
  // The platform vouches that the reply is the owner's; it is credited to the first configured name.
  return matcher.firstOf(kind);
}
