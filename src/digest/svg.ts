import { toHtmlText } from "./html-text.js";

/**
 * Inline SVG charts for the HTML digest: no script, no external font or image, every label
 * escaped. Mail clients that strip SVG (Gmail, Outlook) still show the tables next to each chart,
 * which carry the same numbers.
 */

export interface BarRow {
  label: string;
  value: number;
  /** Drawn as a thin marker: where the bar stood in the previous period. */
  previous?: number;
  /** Shown after the value, e.g. "+14". */
  note?: string;
  /** Colour of the note. */
  noteColor?: string;
  color: string;
  /** A small badge after the label (e.g. "SPIKE"). */
  badge?: string;
}

export interface LineSeries {
  label: string;
  color: string;
  values: readonly number[];
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const MUTED = "#6b7280";
const GRID = "#e5e7eb";

/** Horizontal bars, one row per item, with an optional previous-period marker. */
export function renderBarChart(rows: readonly BarRow[], options: { width: number; labelWidth: number; title: string }): string {
  const rowHeight = 30;
  const top = 6;
  const height = top + rows.length * rowHeight + 4;
  const valueSpace = 96;
  const barMax = options.width - options.labelWidth - valueSpace;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.value, r.previous ?? 0)));
  const parts = rows.map((row, i) => {
    const y = top + i * rowHeight;
    const barWidth = Math.max(row.value > 0 ? 2 : 0, (row.value / max) * barMax);
    const x0 = options.labelWidth;
    const label = toFitted(row.label, options.labelWidth - (row.badge ? 58 : 12));
    const badge = row.badge
      ? `<rect x="${options.labelWidth - 54}" y="${y + 6}" width="46" height="15" rx="7.5" fill="#fee2e2"/><text x="${options.labelWidth - 31}" y="${y + 17}" font-size="9" font-weight="700" fill="#b91c1c" text-anchor="middle">${toHtmlText(row.badge)}</text>`
      : "";
    const marker =
      row.previous !== undefined
        ? `<rect x="${(x0 + (row.previous / max) * barMax - 1).toFixed(1)}" y="${y + 2}" width="2.5" height="22" fill="#111827" opacity="0.55"/>`
        : "";
    const valueX = x0 + barWidth + 8;
    const note = row.note ? `<tspan fill="${row.noteColor ?? MUTED}" font-weight="400"> ${toHtmlText(row.note)}</tspan>` : "";
    return (
      `<text x="0" y="${y + 18}" font-size="12.5" fill="#111827">${toHtmlText(label)}</text>${badge}` +
      `<rect x="${x0}" y="${y + 5}" width="${barMax}" height="16" rx="3" fill="#f3f4f6"/>` +
      `<rect x="${x0}" y="${y + 5}" width="${barWidth.toFixed(1)}" height="16" rx="3" fill="${row.color}"/>${marker}` +
      `<text x="${valueX.toFixed(1)}" y="${y + 18}" font-size="12.5" font-weight="700" fill="#111827">${row.value}${note}</text>`
    );
  });
  return toSvg(options.width, height, options.title, parts.join(""));
}

/** Lines over periods with a y grid, x labels and a legend underneath. */
export function renderLineChart(series: readonly LineSeries[], xLabels: readonly string[], options: { width: number; height: number; title: string }): string {
  const left = 34;
  const right = 14;
  const top = 12;
  const legendHeight = 26;
  const bottom = 24 + legendHeight;
  const plotWidth = options.width - left - right;
  const plotHeight = options.height - top - bottom;
  const max = toNiceMax(Math.max(1, ...series.flatMap((s) => s.values)));
  const x = (i: number) => left + (xLabels.length <= 1 ? plotWidth / 2 : (i / (xLabels.length - 1)) * plotWidth);
  const y = (v: number) => top + plotHeight - (v / max) * plotHeight;
  const parts: string[] = [];
  for (let step = 0; step <= 4; step++) {
    const value = (max / 4) * step;
    parts.push(`<line x1="${left}" x2="${options.width - right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(value) + 4).toFixed(1)}" font-size="10" fill="${MUTED}" text-anchor="end">${toTickText(value)}</text>`);
  }
  xLabels.forEach((label, i) => {
    parts.push(`<text x="${x(i).toFixed(1)}" y="${top + plotHeight + 16}" font-size="10" fill="${MUTED}" text-anchor="middle">${toHtmlText(label)}</text>`);
  });
  // The current period is the last one: a light band marks it.
  if (xLabels.length > 1) {
    const band = plotWidth / (xLabels.length - 1) / 2;
    parts.push(`<rect x="${(x(xLabels.length - 1) - band).toFixed(1)}" y="${top}" width="${(band + Math.min(band, right)).toFixed(1)}" height="${plotHeight}" fill="#eef2ff" opacity="0.7"/>`);
  }
  for (const s of series) {
    const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    parts.push(`<polyline points="${points}" fill="none" stroke="${s.color}" stroke-width="2.25" stroke-linejoin="round" stroke-linecap="round"/>`);
    const last = s.values.length - 1;
    if (last >= 0) parts.push(`<circle cx="${x(last).toFixed(1)}" cy="${y(s.values[last]!).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
  }
  let legendX = left;
  const legendY = options.height - 8;
  for (const s of series) {
    const label = toFitted(s.label, 150);
    parts.push(`<rect x="${legendX}" y="${legendY - 9}" width="10" height="10" rx="2" fill="${s.color}"/>`);
    parts.push(`<text x="${legendX + 14}" y="${legendY}" font-size="11" fill="#374151">${toHtmlText(label)}</text>`);
    legendX += 22 + toTextWidth(label, 11);
  }
  return toSvg(options.width, options.height, options.title, parts.join(""));
}

/** One bar split into coloured parts (sentiment split), with the labels below. */
export function renderStackedBar(parts: ReadonlyArray<{ label: string; value: number; color: string }>, options: { width: number; title: string }): string {
  const total = parts.reduce((s, p) => s + p.value, 0);
  const height = 40;
  let x = 0;
  const body: string[] = [];
  for (const part of parts) {
    const w = total === 0 ? 0 : (part.value / total) * options.width;
    if (w > 0) body.push(`<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="14" fill="${part.color}"/>`);
    x += w;
  }
  if (total === 0) body.push(`<rect x="0" y="0" width="${options.width}" height="14" fill="#f3f4f6"/>`);
  let labelX = 0;
  for (const part of parts) {
    const text = `${part.label} ${total === 0 ? 0 : Math.round((part.value / total) * 100)}%`;
    body.push(`<rect x="${labelX}" y="24" width="9" height="9" rx="2" fill="${part.color}"/>`);
    body.push(`<text x="${labelX + 13}" y="33" font-size="11" fill="#374151">${toHtmlText(text)}</text>`);
    labelX += 26 + toTextWidth(text, 11);
  }
  return toSvg(options.width, height, options.title, body.join(""));
}

/**
 * A small trend line without axes (the dashboard's tables): the last point is marked. No inline
 * style, so it also renders under a Content-Security-Policy that forbids inline styles.
 */
export function renderSparkline(values: readonly number[], options: { width: number; height: number; title: string; color: string }): string {
  const pad = 3;
  const max = Math.max(1, ...values);
  const x = (i: number) => pad + (values.length <= 1 ? (options.width - 2 * pad) / 2 : (i / (values.length - 1)) * (options.width - 2 * pad));
  const y = (v: number) => options.height - pad - (v / max) * (options.height - 2 * pad);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  const last = values.length - 1;
  const dot = last >= 0 ? `<circle cx="${x(last).toFixed(1)}" cy="${y(values[last]!).toFixed(1)}" r="2.5" fill="${options.color}"/>` : "";
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="spark" width="${options.width}" height="${options.height}" viewBox="0 0 ${options.width} ${options.height}" role="img" aria-label="${toHtmlText(options.title)}">` +
    `<title>${toHtmlText(options.title)}</title><polyline points="${points}" fill="none" stroke="${options.color}" stroke-width="1.75" stroke-linejoin="round" stroke-linecap="round"/>${dot}</svg>`
  );
}

function toSvg(width: number, height: number, title: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${toHtmlText(title)}" style="display:block;max-width:100%;height:auto;${FONT}">` +
    `<title>${toHtmlText(title)}</title>${body}</svg>`
  );
}

/** Rough width of `text` in a sans-serif face at `fontSize` px; good enough to lay out labels. */
function toTextWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * 0.56;
}

/** `text` shortened with "…" to fit `width` px at 12.5 px. */
function toFitted(text: string, width: number): string {
  const chars = [...text];
  const fits = Math.max(4, Math.floor(width / (12.5 * 0.56)));
  return chars.length <= fits ? text : `${chars.slice(0, fits - 1).join("")}…`;
}

/** The y-axis top: four grid steps of 1, 2 or 5 × 10^k (15 → 20, 61 → 80). */
function toNiceMax(value: number): number {
  const rawStep = Math.max(1, value / 4);
  const magnitude = 10 ** Math.floor(Math.log10(rawStep));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rawStep)!;
  return step * 4;
}

function toTickText(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
