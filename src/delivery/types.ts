/** Where a digest or alert goes. Mirrors the config's `delivery:` block (config/schema.ts). */
export interface DeliveryTargets {
  /** Absolute folder the files are written to. */
  folder?: string;
  webhook?: { url?: string; urlEnv?: string };
  email?: EmailTarget;
}

export interface EmailTarget {
  host: string;
  port: number;
  /** TLS from the first byte (465); otherwise STARTTLS when offered. */
  secure: boolean;
  from: string;
  to: string[];
  /** Environment variables holding the SMTP login. */
  userEnv?: string;
  passwordEnv?: string;
  /** Connection, greeting and socket timeout, ms. */
  timeoutMs: number;
}

export type DeliveryChannel = "folder" | "webhook" | "email";

/** A short summary for chat: a title and a few lines, plain text (each channel escapes it). */
export interface Summary {
  title: string;
  lines: string[];
}

/** One thing to deliver, already rendered for every channel. */
export interface Parcel {
  /** `digest` or `alert`; also the prefix of file names. */
  kind: "digest" | "alert";
  /** File base name without extension, e.g. `earshot-digest-2026-W47`. */
  name: string;
  subject: string;
  html: string;
  /** Plain-text alternative (Markdown reads well as text). */
  text: string;
  summary: Summary;
  /** Written to the folder (and attached to the e-mail when `attach` is set). */
  files: Array<{ name: string; content: string; attach?: boolean }>;
}

export interface DeliveryResult {
  channel: DeliveryChannel;
  ok: boolean;
  /** Where it went: a file path, a host, a message id. Never a secret. */
  detail: string;
}
