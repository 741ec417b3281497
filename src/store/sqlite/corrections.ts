/**
 * Label corrections (`earshot label`). Saving one rewrites the mention's labels at once and keeps
 * the correction apart, so `reclassify` can lay it over whatever a new classifier says and
 * `train --corrections` can learn from it.
 */
import { asc, eq, inArray } from "drizzle-orm";
import { STAGES } from "../../core/classification.js";
import type { Db } from "./db.js";
import { invalidateDigestRollups } from "./digest-rollups.js";
import type { NewClassification } from "./reclassify.js";
import { corrections, mentions, mentionTopics } from "./schema.js";

export interface CorrectionInput {
  mentionId: number;
  /** Each label left undefined is not corrected (an earlier correction of it stays). */
  sentiment?: string | undefined;
  complaint?: boolean | undefined;
  topics?: string[] | undefined;
  /** The stage of every topic in `topics`. */
  topicStages?: Array<{ topic: string; stage: string }> | undefined;
  now: Date;
}

export interface CorrectedLabels {
  mentionId: number;
  sentiment: string;
  complaint: boolean;
  topics: string[];
  stages: string[];
}

/** Saves a correction and applies it to the mention; undefined when no mention has this id. */
export function saveCorrection(db: Db, input: CorrectionInput): CorrectedLabels | undefined {
  return db.transaction((tx) => {
    const mention = tx.select().from(mentions).where(eq(mentions.id, input.mentionId)).get();
    if (mention === undefined) return undefined;
    const previous = tx.select().from(corrections).where(eq(corrections.mentionId, input.mentionId)).get();
    const merged = {
      sentiment: input.sentiment ?? previous?.sentiment ?? null,
      complaint: input.complaint ?? previous?.complaint ?? null,
      topics: input.topics ?? previous?.topics ?? null,
      topicStages: input.topics !== undefined ? (input.topicStages ?? []) : (previous?.topicStages ?? null),
    };
    if (previous === undefined) {
      tx.insert(corrections)
        .values({
          mentionId: mention.id, text: mention.text, title: mention.title, lang: mention.lang, channel: mention.channel, rating: mention.rating,
          ratingScale: mention.ratingScale, url: mention.url, authorHash: mention.authorHash, ...merged, createdAt: input.now, updatedAt: input.now,
        })
        .run();
    } else {
      tx.update(corrections).set({ ...merged, updatedAt: input.now }).where(eq(corrections.id, previous.id)).run();
    }
    invalidateDigestRollups(tx, eq(mentions.id, mention.id), { withRepeats: false });
    const labels = overlay({ sentiment: mention.sentiment, complaint: mention.complaint, topics: mention.topics, stages: mention.stages }, merged);
    tx.update(mentions).set({ sentiment: labels.sentiment, complaint: labels.complaint, topics: labels.topics, stages: labels.stages }).where(eq(mentions.id, mention.id)).run();
    if (merged.topicStages !== null) {
      tx.delete(mentionTopics).where(eq(mentionTopics.mentionId, mention.id)).run();
      if (merged.topicStages.length > 0) tx.insert(mentionTopics).values(merged.topicStages.map((t) => ({ mentionId: mention.id, ...t }))).run();
    }
    return { mentionId: mention.id, ...labels };
  });
}

export type Correction = typeof corrections.$inferSelect;

/** Every correction, oldest first: the training data of a local model. */
export function loadCorrections(db: Db): Correction[] {
  return db.select().from(corrections).orderBy(asc(corrections.id)).all();
}

/**
 * Lays the corrections of these mentions over freshly computed classifications (in place), so a
 * reclassify never undoes what a person corrected. Runs inside the caller's transaction.
 */
export function applyCorrections(tx: Pick<Db, "select">, rows: NewClassification[]): void {
  const ids = rows.map((r) => r.id);
  const found = tx.select().from(corrections).where(inArray(corrections.mentionId, ids)).all();
  if (found.length === 0) return;
  const byMention = new Map(found.map((c) => [c.mentionId, c]));
  for (const row of rows) {
    const correction = byMention.get(row.id);
    if (correction === undefined) continue;
    const labels = overlay(row, correction);
    row.sentiment = labels.sentiment;
    row.complaint = labels.complaint;
    row.topics = labels.topics;
    row.stages = labels.stages;
    if (correction.topicStages !== null) {
      row.topicStages = correction.topicStages;
      row.evidence = row.evidence.filter((e) => e.kind !== "topic" || (e.topic !== undefined && labels.topics.includes(e.topic)));
    }
  }
}

function overlay(
  labels: { sentiment: string; complaint: boolean; topics: string[]; stages: string[] },
  correction: Pick<Correction, "sentiment" | "complaint" | "topics" | "topicStages">,
): { sentiment: string; complaint: boolean; topics: string[]; stages: string[] } {
  const stages = correction.topicStages === null ? labels.stages : STAGES.filter((s) => correction.topicStages!.some((t) => t.stage === s));
  return {
    sentiment: correction.sentiment ?? labels.sentiment,
    complaint: correction.complaint ?? labels.complaint,
    topics: correction.topics ?? labels.topics,
    stages,
  };
}
