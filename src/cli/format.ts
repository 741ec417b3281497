// C0/C1 controls (ESC sequences can rewrite a terminal, set its title or hide text) and
// bidi overrides are replaced before customer text reaches a terminal.
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/gu;

/** Customer text made inert and one-line for a terminal table. */
export function toTerminalText(text: string | null | undefined, maxChars = 80): string {
  if (!text) return "";
  const clean = text.replace(UNSAFE_FOR_TERMINAL, "�").replace(/\s+/gu, " ").trim();
  const chars = [...clean];
  return chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join("")}…` : clean;
}

/** A left-aligned text table with a header rule; cells must already be terminal-safe. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + " ".repeat(Math.max(0, widths[i]! - displayWidth(c))))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n") + "\n";
}

function displayWidth(text: string): number {
  return [...text].length;
}
