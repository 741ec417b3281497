import { createTransport } from "nodemailer";
import { EarshotError } from "../core/errors.js";
import type { EmailTarget, Parcel } from "./types.js";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * Sends the parcel as one multipart/alternative message (HTML + plain text) over SMTP. The
 * login comes from the environment variables the config names, never from the config itself.
 * With a login, TLS is required (implicit or STARTTLS) except towards a loopback relay, so a
 * password never crosses a network in clear text.
 * @returns the message id the server accepted.
 */
export async function sendParcelByEmail(target: EmailTarget, parcel: Parcel, env: Record<string, string | undefined>): Promise<string> {
  const user = target.userEnv ? env[target.userEnv] : undefined;
  const pass = target.passwordEnv ? env[target.passwordEnv] : undefined;
  if (target.userEnv && !user) throw new EarshotError("ES_ERR_DELIVERY", `e-mail ${target.host}: environment variable ${target.userEnv} (SMTP user) is not set`);
  if (target.passwordEnv && !pass) throw new EarshotError("ES_ERR_DELIVERY", `e-mail ${target.host}: environment variable ${target.passwordEnv} (SMTP password) is not set`);
  const transport = createTransport({
    host: target.host,
    port: target.port,
    secure: target.secure,
    requireTLS: !target.secure && user !== undefined && !LOOPBACK_HOSTS.has(target.host),
    connectionTimeout: target.timeoutMs,
    greetingTimeout: target.timeoutMs,
    socketTimeout: target.timeoutMs,
    ...(user !== undefined ? { auth: { user, pass: pass ?? "" } } : {}),
  });
  try {
    const info = await transport.sendMail({
      from: target.from,
      to: target.to,
      subject: parcel.subject,
      text: parcel.text,
      html: parcel.html,
      attachments: parcel.files.filter((f) => f.attach).map((f) => ({ filename: f.name, content: f.content, contentType: toContentType(f.name) })),
    });
    return info.messageId;
  } catch (error) {
    // nodemailer's messages name the server's reply, never the password.
    throw new EarshotError("ES_ERR_DELIVERY", `e-mail ${target.host}:${target.port}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    transport.close();
  }
}

function toContentType(name: string): string {
  if (name.endsWith(".csv")) return "text/csv; charset=utf-8";
  if (name.endsWith(".json")) return "application/json";
  if (name.endsWith(".md")) return "text/markdown; charset=utf-8";
  return "application/octet-stream";
}
