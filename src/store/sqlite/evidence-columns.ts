import { sql } from "drizzle-orm";
import { toClassifiedBody } from "../../core/classification.js";
import { toEvidenceJson, type StoredEvidence } from "../evidence-codec.js";

/**
 * Select-list columns (mentions aliased `m`) that let `toEvidenceJsonRow` give a row's evidence
 * as JSON: packed evidence reads its matches from the full title and text, which queries that
 * return shortened text would otherwise not have. JSON rows need neither, so they stay null.
 */
export const EVIDENCE_COLUMNS = sql.raw(
  "m.evidence as evidence, " +
    "case when typeof(m.evidence) = 'blob' then m.title end as evidenceTitle, " +
    "case when typeof(m.evidence) = 'blob' then m.text end as evidenceText",
);

/** What `EVIDENCE_COLUMNS` adds to a row. */
export interface EvidenceColumns {
  evidence: StoredEvidence;
  evidenceTitle: string | null;
  evidenceText: string | null;
}

/** The row with its evidence as the JSON it was stored as before packing, and the helper columns dropped. */
export function toEvidenceJsonRow<T extends EvidenceColumns>(row: T): Omit<T, keyof EvidenceColumns> & { evidence: string } {
  const { evidence, evidenceTitle, evidenceText, ...rest } = row;
  return { ...rest, evidence: toEvidenceJson(evidence, toClassifiedBody({ title: evidenceTitle, text: evidenceText ?? "" })) };
}
