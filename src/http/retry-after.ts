/**
 * Retry-After (RFC 9110 §10.2.3) is either delay-seconds or an HTTP-date. earshot never sleeps on
 * it: the value becomes the source's next_check_at, so a rate-limited scan returns at once.
 */

const DELAY_SECONDS = /^\d+$/;
// asctime-date (RFC 9110 §5.6.7 obsolete form) carries no zone but is always GMT; Date.parse would
// read it as local time.
const ASCTIME_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * Milliseconds to wait from `now`, or undefined when the header is absent or malformed.
 * A date in the past yields 0 (retry allowed now).
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (DELAY_SECONDS.test(trimmed)) {
    const ms = Number(trimmed) * 1000;
    return Number.isSafeInteger(ms) ? ms : undefined;
  }
  // IMF-fixdate and rfc850-date both end in "GMT" (RFC 9110 §5.6.7); anything else is not an
  // HTTP-date, however lenient Date.parse would be about it.
  const at = ASCTIME_DATE.test(trimmed) ? Date.parse(`${trimmed} GMT`) : /\bGMT$/.test(trimmed) ? Date.parse(trimmed) : NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
