import type { Store } from "../store/types.js";
import { toIsoWeek, toLastCompleteWeek, toWeekBucket, type IsoWeek } from "./week.js";

/**
 * The week a digest of recorded data should show: the last complete week as of the newest stored
 * mention (a recording, like a live week, ends part-way through its last week), or that newest
 * week itself when the one before it is empty. Undefined for an empty store.
 */
export async function toLatestDataWeek(store: Store, timezone: string): Promise<IsoWeek | undefined> {
  const latest = await store.loadLatestMentionTime();
  if (!latest) return undefined;
  const complete = toLastCompleteWeek(latest, timezone);
  return (await store.hasMentionsIn(toWeekBucket(complete, timezone))) ? complete : toIsoWeek(latest, timezone);
}
