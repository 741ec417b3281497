import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { alertsSent } from "./schema.js";

export interface SentAlert {
  /** What was announced, e.g. `spike:delivery:2026-W47`. */
  alertKey: string;
  /** webhook, email or folder. */
  channel: string;
  sentAt: Date;
}

/**
 * When an alert whose key starts with `keyPrefix` was last delivered on `channel` at or after
 * `since`, or undefined. A prefix (`spike:delivery:`) lets the cool-down span week boundaries.
 */
export function loadLastAlertSent(db: Db, keyPrefix: string, channel: string, since: Date): Date | undefined {
  const row = db
    .select({ sentAt: alertsSent.sentAt })
    .from(alertsSent)
    // An exact prefix test: LIKE would read "_" in topic ids as a wildcard.
    .where(and(sql`substr(${alertsSent.alertKey}, 1, ${keyPrefix.length}) = ${keyPrefix}`, eq(alertsSent.channel, channel), gte(alertsSent.sentAt, since)))
    .orderBy(desc(alertsSent.sentAt))
    .limit(1)
    .get();
  return row?.sentAt;
}

export function saveAlertSent(db: Db, alert: SentAlert): void {
  db.insert(alertsSent).values(alert).run();
}
