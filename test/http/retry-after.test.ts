import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../src/http/retry-after.js";

const now = new Date("2025-11-03T10:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    { name: "delay-seconds", value: "120", expected: 120_000 },
    { name: "zero seconds", value: "0", expected: 0 },
    { name: "surrounding whitespace", value: " 30 ", expected: 30_000 },
    // RFC 9110 §5.6.7: IMF-fixdate is the preferred HTTP-date form.
    { name: "IMF-fixdate in the future", value: "Mon, 03 Nov 2025 10:02:00 GMT", expected: 120_000 },
    // Obsolete forms recipients must still accept (RFC 9110 §5.6.7).
    { name: "rfc850-date", value: "Monday, 03-Nov-25 10:00:45 GMT", expected: 45_000 },
    { name: "asctime-date is GMT, not local time", value: "Mon Nov  3 10:01:00 2025", expected: 60_000 },
    { name: "date in the past means now", value: "Mon, 03 Nov 2025 09:00:00 GMT", expected: 0 },
    { name: "absent header", value: undefined, expected: undefined },
    { name: "empty header", value: "", expected: undefined },
    { name: "negative seconds", value: "-5", expected: undefined },
    { name: "fractional seconds", value: "1.5", expected: undefined },
    { name: "prose", value: "in a while", expected: undefined },
    // Date.parse accepts ISO 8601, but it is not an HTTP-date.
    { name: "ISO 8601 date", value: "2025-11-03T10:05:00Z", expected: undefined },
    { name: "seconds too large to represent", value: "9".repeat(30), expected: undefined },
  ])("$name", ({ value, expected }) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
