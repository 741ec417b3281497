import { readFileSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverParcel } from "../../src/delivery/deliver.js";
import { toDigestParcel, toSpikeAlertParcel } from "../../src/delivery/parcels.js";
import type { DeliveryTargets, EmailTarget } from "../../src/delivery/types.js";
import { toSlackPayload, toSlackText } from "../../src/delivery/webhook.js";
import { createHttpClient } from "../../src/http/client.js";
import { loadSpikeWeekDigest } from "../digest/fixture.js";
import { tempDir } from "../helpers/temp.js";

const digest = await loadSpikeWeekDigest();
const parcel = toDigestParcel(digest);
const http = createHttpClient({ loopbackOnly: true, retryDelayMs: () => 0, userAgent: "earshot-test", headersTimeoutMs: 2_000, bodyTimeoutMs: 2_000 });

/** A local stand-in for a Slack incoming webhook: records bodies, answers with the scripted status. */
interface WebhookReceiver {
  url(path: string): string;
  bodies: unknown[];
  close(): Promise<void>;
}

async function startWebhookReceiver(statusFor: (path: string) => number): Promise<WebhookReceiver> {
  const bodies: unknown[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    bodies.push({ path: req.url, contentType: req.headers["content-type"], json: JSON.parse(body) as unknown });
    const status = statusFor(req.url ?? "");
    res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "no_service");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: (path) => `http://127.0.0.1:${port}${path}`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** smtp-server (the SMTP implementation from the nodemailer project) on 127.0.0.1:0, keeping every message. */
interface SmtpReceiver {
  port: number;
  messages: Array<{ from: string; to: string[]; raw: string; user?: string }>;
  close(): Promise<void>;
}

async function startSmtpReceiver(login?: { user: string; pass: string }): Promise<SmtpReceiver> {
  const messages: SmtpReceiver["messages"] = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback: the tests check the message, not TLS.
    disabledCommands: login ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !login,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (login && auth.username === login.user && auth.password === login.pass) callback(null, { user: auth.username });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (raw += chunk));
      stream.on("end", () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...(typeof session.user === "string" ? { user: session.user } : {}),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function emailTarget(port: number, overrides: Partial<EmailTarget> = {}): EmailTarget {
  return { host: "127.0.0.1", port, secure: false, from: "earshot@example.com", to: ["cx-lead@example.com", "boss@example.com"], timeoutMs: 5_000, ...overrides };
}

let webhook: WebhookReceiver;
let smtp: SmtpReceiver;
let smtpWithLogin: SmtpReceiver;

beforeAll(async () => {
  webhook = await startWebhookReceiver((path) => (path.startsWith("/broken") ? 404 : 200));
  smtp = await startSmtpReceiver();
  smtpWithLogin = await startSmtpReceiver({ user: "digest-bot", pass: "s3cret-pass" });
});
afterAll(async () => {
  await Promise.all([webhook.close(), smtp.close(), smtpWithLogin.close(), http.close()]);
});

describe("deliverParcel", () => {
  it("writes every format to the folder", async () => {
    const folder = join(tempDir(), "digests");
    const [result] = await deliverParcel(parcel, { folder }, { http, env: {} });
    expect(result).toMatchObject({ channel: "folder", ok: true });
    expect(readdirSync(folder).sort()).toEqual(["earshot-digest-2026-W47.csv", "earshot-digest-2026-W47.html", "earshot-digest-2026-W47.json", "earshot-digest-2026-W47.md"]);
    expect(readFileSync(join(folder, "earshot-digest-2026-W47.csv"), "utf8").startsWith("\uFEFF")).toBe(true);
  });

  it("posts a Slack-compatible summary with the top spikes to the webhook", async () => {
    const [result] = await deliverParcel(parcel, { webhook: { url: webhook.url("/hooks/T1/B2/abc") } }, { http, env: {} });
    expect(result).toEqual({ channel: "webhook", ok: true, detail: expect.stringMatching(/^127\.0\.0\.1:\d+$/u) });
    const received = webhook.bodies.at(-1) as { contentType: string; json: { text: string; blocks: Array<{ type: string; text: { text: string } }> } };
    expect(received.contentType).toContain("application/json");
    expect(received.json.text).toContain("Complaint digest 2026-W47: 19 complaints (+15), 1 spike");
    expect(received.json.blocks[0]).toMatchObject({ type: "header", text: { text: "Complaint digest 2026-W47: 19 complaints (+15), 1 spike" } });
    expect(received.json.blocks[1]!.text.text).toContain("Spike: Delivery (After-sales): 18 complaints, usually 1 (18×)");
  });

  it("reads the webhook URL from the environment variable the config names", async () => {
    const before = webhook.bodies.length;
    const [result] = await deliverParcel(parcel, { webhook: { urlEnv: "DIGEST_WEBHOOK" } }, { http, env: { DIGEST_WEBHOOK: webhook.url("/from-env") } });
    expect(result!.ok).toBe(true);
    expect((webhook.bodies.at(-1) as { path: string }).path).toBe("/from-env");
    expect(webhook.bodies.length).toBe(before + 1);
  });

  it("reports a refused webhook without its secret URL, and still delivers on the other channels", async () => {
    const folder = tempDir();
    const targets: DeliveryTargets = { folder, webhook: { url: webhook.url("/broken/T1/B2/secret-token") }, email: emailTarget(smtp.port) };
    const results = await deliverParcel(parcel, targets, { http, env: {} });
    expect(results.map((r) => [r.channel, r.ok])).toEqual([
      ["folder", true],
      ["webhook", false],
      ["email", true],
    ]);
    expect(results[1]!.detail).toMatch(/^webhook 127\.0\.0\.1:\d+: delivery failed \(HTTP 404\)/u);
    expect(results[1]!.detail).not.toContain("secret-token");
  });

  it("e-mails the digest as HTML with a plain-text alternative and the CSV attached", async () => {
    const before = smtp.messages.length;
    const [result] = await deliverParcel(parcel, { email: emailTarget(smtp.port) }, { http, env: {} });
    expect(result).toMatchObject({ channel: "email", ok: true });
    const message = smtp.messages[before]!;
    expect(message.from).toBe("earshot@example.com");
    expect(message.to).toEqual(["cx-lead@example.com", "boss@example.com"]);
    expect(message.raw).toMatch(/^Subject: Complaint digest 2026-W47: 19 complaints \(\+15\), 1 spike/mu);
    expect(message.raw).toMatch(/Content-Type: multipart\/alternative/u);
    expect(message.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/u);
    expect(message.raw).toMatch(/Content-Type: text\/html; charset=utf-8/u);
    expect(message.raw).toMatch(/filename=earshot-digest-2026-W47\.csv/u);
  });

  it("logs in with the user and password from the environment, never from the config", async () => {
    const target = emailTarget(smtpWithLogin.port, { userEnv: "SMTP_USER", passwordEnv: "SMTP_PASSWORD" });
    const [ok] = await deliverParcel(parcel, { email: target }, { http, env: { SMTP_USER: "digest-bot", SMTP_PASSWORD: "s3cret-pass" } });
    expect(ok!.ok).toBe(true);
    expect(smtpWithLogin.messages.at(-1)!.user).toBe("digest-bot");
    const [wrong] = await deliverParcel(parcel, { email: target }, { http, env: { SMTP_USER: "digest-bot", SMTP_PASSWORD: "wrong" } });
    expect(wrong!.ok).toBe(false);
    expect(wrong!.detail).not.toContain("wrong");
    const [missing] = await deliverParcel(parcel, { email: target }, { http, env: {} });
    expect(missing).toMatchObject({ ok: false, detail: expect.stringContaining("SMTP_USER") });
  });
});

describe("Slack payloads", () => {
  it.each([
    ["a mention", "<!channel> look", "&lt;!channel&gt; look"],
    ["a link", "<https://evil.invalid|click>", "&lt;https://evil.invalid|click&gt;"],
    ["an entity", "a & b", "a &amp; b"],
  ])("escapes %s in configured text", (_name, text, escaped) => {
    expect(toSlackText(text)).toBe(escaped);
  });

  it("keeps the header within Slack's 150 characters", () => {
    const payload = toSlackPayload({ title: "x".repeat(400), lines: ["a"] });
    expect([...(payload.blocks[0] as { text: { text: string } }).text.text].length).toBe(150);
  });

  it("builds an alert with only the new spikes", () => {
    const alert = toSpikeAlertParcel(digest, digest.spikes);
    expect(alert.summary.title).toBe("Complaint spike in 2026-W47: Delivery");
    expect(alert.files.map((f) => f.name)).toEqual(["earshot-alert-2026-W47-delivery.json"]);
  });
});
