/**
 * Complaint detection. TAXONOMY.md: a complaint reports a problem the author experienced with
 * the brand, whatever the tone. The cx-dev case mix shows what else carries a topic: praise
 * ("answered within minutes") and questions ("how do I return…?"). So a text about a topic is
 * a complaint unless it reads as praise or as a plain question; praise and questions count only
 * when they also report a problem (negated service verbs, "still", "# days ago", "charged
 * twice", failure words). Without any topic, a statement needs clear problem evidence, so angry
 * chatter about traffic near a brand's building is not a complaint.
 */
import type { Evidence, SentimentLabel } from "../core/classification.js";
import type { CueReading } from "./read-cues.js";

/** Problem evidence that makes a question a complaint ("parcel stuck since Tuesday. Any news?"). */
const QUESTION_THRESHOLD = 1.5;
/** Problem evidence that makes praise a complaint ("took twice as long, but works like new"). */
const PRAISE_THRESHOLD = 2;
/** Without a topic (a statement, not praise or a question). */
const NO_TOPIC_THRESHOLD = 2;

export interface ComplaintResult {
  complaint: boolean;
  evidence: Evidence[];
}

export function detectComplaint(reading: CueReading, sentiment: SentimentLabel, topicCount: number): ComplaintResult {
  // Strong negative words are problem evidence too: "broken", "useless", "ruined".
  const negativeWords = reading.contributions.filter((c) => c.value <= -2).length;
  const score = reading.problemScore + 0.5 * Math.min(negativeWords, 3);
  let rule: string;
  let complaint: boolean;
  if (topicCount === 0) {
    complaint = sentiment !== "positive" && !reading.isQuestion && score >= NO_TOPIC_THRESHOLD;
    rule = `no-topic:problem>=${NO_TOPIC_THRESHOLD}`;
  } else if (sentiment === "positive") {
    complaint = score >= PRAISE_THRESHOLD;
    rule = `praise:problem>=${PRAISE_THRESHOLD}`;
  } else if (reading.isQuestion) {
    complaint = score >= QUESTION_THRESHOLD;
    rule = `question:problem>=${QUESTION_THRESHOLD}`;
  } else {
    complaint = true;
    rule = `${sentiment}-report-on-topic`;
  }
  const evidence: Evidence[] = complaint
    ? [...reading.problemEvidence, { kind: "complaint", match: `${rule} (problem ${Math.round(score * 10) / 10})`, weight: score }]
    : [];
  return { complaint, evidence };
}
