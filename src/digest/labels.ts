/** Display names for ids: `slow_reply` → "Slow reply", `after_sales` → "After-sales". */
const STAGE_LABELS: Record<string, string> = {
  acquisition: "Acquisition",
  conversion: "Conversion",
  service: "Service",
  after_sales: "After-sales",
};

const CHANNEL_LABELS: Record<string, string> = {
  social: "Social",
  review: "Reviews",
  app_store: "App stores",
  forum: "Forums",
  survey: "Surveys",
  support: "Support",
  news: "News",
};

export function toStageLabel(stage: string): string {
  return STAGE_LABELS[stage] ?? toTopicLabel(stage);
}

export function toTopicLabel(topic: string): string {
  const words = topic.replace(/[_-]+/gu, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function toChannelLabel(channel: string): string {
  return CHANNEL_LABELS[channel] ?? toTopicLabel(channel);
}

/** "+3", "−2", "0": signed with a real minus sign. */
export function toSignedText(value: number | null, digits = 0): string {
  if (value === null) return "–";
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return "0";
  return value > 0 ? `+${text}` : `−${text}`;
}

/** A number for display: integers as is, others with `digits` decimals; null as "–". */
export function toNumberText(value: number | null, digits = 1): string {
  if (value === null) return "–";
  const text = Number.isInteger(value) ? String(value) : value.toFixed(digits);
  return text.replace(/^-/u, "−");
}
