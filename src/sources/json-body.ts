import { ParseError } from "../core/errors.js";

/**
 * A platform's JSON answer, or a ParseError naming where it came from: a BOM is skipped, and an
 * HTML page (a login wall, maintenance or block page served with status 200) is named as such
 * rather than reported as a JSON syntax error at position 0.
 */
export function parseJsonBody(body: string, source: string): unknown {
  const text = body.replace(/^\uFEFF/u, "").trimStart();
  if (text.startsWith("<")) throw new ParseError({ source, detail: "expected JSON but got an HTML page (a proxy, login wall, maintenance or block page?)" });
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ParseError({ source, detail: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` }, { cause: error });
  }
}
