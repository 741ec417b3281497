import { and, asc, eq, gt, inArray, ne } from "drizzle-orm";
import type { Evidence } from "../../core/classification.js";
import type { Db } from "./db.js";
import { applyCorrections } from "./corrections.js";
import { toStoredEvidence } from "../evidence-codec.js";
import { findClassifierVersionRef, toClassifierVersionRef } from "./classifier-versions.js";
import { invalidateDigestRollups } from "./digest-rollups.js";
import { mentions, mentionTopics } from "./schema.js";

/** What the classifier needs of a stored mention to classify it again. */
export interface StoredText {
  id: number;
  text: string;
  title: string | null;
  lang: string | null;
  rating: number | null;
  ratingScale: number | null;
  channel: string;
}

/** A batch of mentions classified by another classifier version, in id order after `afterId`. */
export function loadOutdatedMentions(db: Db, currentVersion: string, afterId: number, limit: number): StoredText[] {
  // A version no mention was classified by yet: every mention is outdated.
  const currentRef = findClassifierVersionRef(db, currentVersion);
  return db
    .select({ id: mentions.id, text: mentions.text, title: mentions.title, lang: mentions.lang, rating: mentions.rating, ratingScale: mentions.ratingScale, channel: mentions.channel })
    .from(mentions)
    .where(and(...(currentRef === undefined ? [] : [ne(mentions.classifierVersionRef, currentRef)]), gt(mentions.id, afterId)))
    .orderBy(asc(mentions.id))
    .limit(limit)
    .all();
}

export interface NewClassification {
  id: number;
  lang: string;
  sentiment: string;
  sentimentScore: number;
  complaint: boolean;
  topics: string[];
  stages: string[];
  evidence: Evidence[];
  /**
   * What the classifier read (title and text, `toClassifiedBody`): evidence offsets point into it,
   * so the stored evidence can read matches from it. Without it matches are stored in full.
   */
  classifiedBody?: string;
  classifierVersion: string;
  topicStages: Array<{ topic: string; stage: string }>;
}

/**
 * Rewrites the classification of a batch (with label corrections laid over it) and its topic
 * rows in one transaction, and deletes the
 * digest rollups of their days (the counts change; repeats of these mentions are never counted,
 * so their days keep their rollups).
 */
export function saveClassifications(db: Db, rows: NewClassification[]): void {
  if (rows.length === 0) return;
  db.transaction((tx) => {
    invalidateDigestRollups(tx, inArray(mentions.id, rows.map((r) => r.id)), { withRepeats: false });
    // What a person corrected stays corrected, whatever the new classifier says.
    applyCorrections(tx, rows);
    for (const row of rows) {
      const { id, topicStages, evidence, classifiedBody, classifierVersion, ...classification } = row;
      tx.update(mentions)
        .set({ ...classification, evidence: toStoredEvidence(evidence, classifiedBody ?? ""), classifierVersionRef: toClassifierVersionRef(db, classifierVersion) })
        .where(eq(mentions.id, id))
        .run();
      tx.delete(mentionTopics).where(eq(mentionTopics.mentionId, id)).run();
      if (topicStages.length > 0) tx.insert(mentionTopics).values(topicStages.map((t) => ({ mentionId: id, ...t }))).run();
    }
  });
}
