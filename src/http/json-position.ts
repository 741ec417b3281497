/**
 * Where JSON text first goes wrong. Node 20's JSON.parse names the position for some errors
 * ("… in JSON at position 6") but not for others ("Unexpected token '}', … is not valid JSON"),
 * and an error message for a 2 MB payload is only useful with an offset. This scanner runs only
 * after JSON.parse has already failed.
 */

/** Nesting beyond this is reported as unknown rather than risking the call stack. */
const MAX_DEPTH = 512;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Where a JSON parse failed, as a character offset plus 1-based line and column. */
export interface JsonErrorPosition {
  offset: number;
  line: number;
  column: number;
}

/** The first offending position in `text`, or undefined when it cannot tell (valid or too deep). */
export function findJsonErrorPosition(text: string): JsonErrorPosition | undefined {
  let i = 0;
  let tooDeep = false;

  const skipWhitespace = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };

  const scanString = (): boolean => {
    i++; // opening quote
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return true;
      }
      if (c < " ") return false;
      if (c === "\\") {
        const escape = text[i + 1];
        if (escape === "u" && HEX4.test(text.slice(i + 2, i + 6))) i += 6;
        else if (escape !== undefined && ESCAPES.has(escape)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };

  const scanValue = (depth: number): boolean => {
    if (depth > MAX_DEPTH) {
      tooDeep = true;
      return false;
    }
    skipWhitespace();
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      skipWhitespace();
      if (text[i] === close) {
        i++;
        return true;
      }
      for (;;) {
        if (c === "{") {
          skipWhitespace();
          if (text[i] !== '"' || !scanString()) return false;
          skipWhitespace();
          if (text[i] !== ":") return false;
          i++;
        }
        if (!scanValue(depth + 1)) return false;
        skipWhitespace();
        if (text[i] === ",") i++;
        else if (text[i] === close) {
          i++;
          return true;
        } else return false;
      }
    }
    if (c === '"') return scanString();
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return true;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return true;
    }
    return false;
  };

  if (scanValue(0)) {
    skipWhitespace();
    if (i === text.length) return undefined;
  }
  if (tooDeep) return undefined;
  const before = text.slice(0, i);
  const line = before.split("\n").length;
  return { offset: i, line, column: i - before.lastIndexOf("\n") };
}
