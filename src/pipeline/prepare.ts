/**
 * A page's items made ready to store: personal data redacted, the author pseudonymised, the
 * text classified. Pure CPU work with no I/O, so it runs in the scanning thread or, for large
 * scans, in worker threads (prepare-pool.ts) while the scanning thread fetches and stores.
 */
import { toClassifiedBody, type Classifier } from "../core/classification.js";
import { describeError } from "../core/errors.js";
import type { MentionDraft } from "../core/mention.js";
import { toStoredEvidence, type PageItemError, type PageRow } from "../store/types.js";
import { toAuthorHash, toScrubbedRaw } from "../text/pii-author.js";
import { toRedacted } from "../text/redact.js";
import { toStoredClassification } from "./classify-mention.js";
import { toContentHash } from "./content-hash.js";

/** How personal data is treated before anything is stored (docs/data-protection.md). */
export interface PrivacySettings {
  /** Replace e-mails, phones, cards, IBANs and national ids in text, title, payload and error snippets. */
  redact: boolean;
  /** HMAC key for `authorHash` (the local secret file); without one no hash is stored. */
  authorKey?: Uint8Array;
  /** Store the display handle too; otherwise it is also taken out of the stored payload. */
  keepAuthorHandles: boolean;
}

export interface PrepareInput {
  drafts: MentionDraft[];
  /** The source's name and kind: error messages name the source, author hashes are per platform. */
  sourceName: string;
  sourceKind: string;
  fetchedAt: Date;
  privacy: PrivacySettings;
}

export interface PreparedPage {
  /** One row per draft that could be classified, in draft order. */
  rows: PageRow[];
  /** Drafts that could not be, with their scrubbed payload. */
  itemErrors: PageItemError[];
}

export function preparePage(classifier: Classifier, input: PrepareInput): PreparedPage {
  const { privacy, sourceName, sourceKind } = input;
  const rows: PageRow[] = [];
  const itemErrors: PageItemError[] = [];
  for (const draft of input.drafts) {
    try {
      rows.push(toPageRow(toPrivateDraft(draft, sourceKind, privacy), classifier, input.fetchedAt));
    } catch (error) {
      // One item the classifier cannot handle must not cost the rest of the page.
      const raw = toScrubbedRaw(draft.raw ?? draft.text, { redact: privacy.redact, ...(draft.author && !privacy.keepAuthorHandles ? { author: draft.author } : {}) });
      itemErrors.push({ item: draft.externalId, message: prefixSource(sourceName, `cannot classify item ${draft.externalId}: ${describeError(error)}`), raw });
    }
  }
  return { rows, itemErrors };
}

/** The item errors a source reported, their payloads scrubbed like stored mentions. */
export function toPrivateItemErrors(errors: readonly PageItemError[], privacy: PrivacySettings): PageItemError[] {
  return errors.map((e) => (e.raw === undefined ? e : { ...e, raw: toScrubbedRaw(e.raw, { redact: privacy.redact }) }));
}

export function prefixSource(source: string, message: string): string {
  return message.startsWith(`${source}:`) ? message : `${source}: ${message}`;
}

/** A draft as it may be classified and stored: redacted, its author pseudonymised. */
interface PrivateDraft extends MentionDraft {
  authorHash?: string;
  redactions: number;
}

// Redaction comes before classification, so evidence offsets point into the stored text.
function toPrivateDraft(draft: MentionDraft, kind: string, privacy: PrivacySettings): PrivateDraft {
  const { author, ...rest } = draft;
  const out: PrivateDraft = { ...rest, redactions: 0 };
  if (privacy.redact) {
    const text = toRedacted(draft.text);
    out.text = text.text;
    out.redactions = text.count;
    if (draft.title !== undefined) {
      const title = toRedacted(draft.title);
      out.title = title.text;
      out.redactions += title.count;
    }
  }
  if (draft.raw !== undefined) out.raw = toScrubbedRaw(draft.raw, { redact: privacy.redact, ...(author && !privacy.keepAuthorHandles ? { author } : {}) });
  if (author) {
    if (privacy.authorKey) out.authorHash = toAuthorHash(privacy.authorKey, kind, author);
    if (privacy.keepAuthorHandles) out.author = author;
  }
  return out;
}

function toPageRow(draft: PrivateDraft, classifier: Classifier, fetchedAt: Date): PageRow {
  const { columns, topicStages } = toStoredClassification(classifier, draft);
  return {
    mention: {
      externalId: draft.externalId,
      url: draft.url ?? null,
      author: draft.author ?? null,
      authorHash: draft.authorHash ?? null,
      title: draft.title ?? null,
      text: draft.text,
      channel: draft.channel,
      rating: draft.rating ?? null,
      ratingScale: draft.rating !== undefined ? (draft.ratingScale ?? 5) : null,
      matchedTerm: draft.matchedTerm ?? null,
      publishedAt: draft.publishedAt ?? null,
      fetchedAt,
      contentHash: toContentHash(draft.title, draft.text),
      raw: draft.raw ?? null,
      appVersion: draft.appVersion ?? null,
      redactions: draft.redactions,
      ...columns,
      // Packed here, in the preparation worker: the packed bytes are also what crosses to the scanning thread.
      evidence: toStoredEvidence(columns.evidence, toClassifiedBody(draft)),
    },
    topicStages,
  };
}
