import { describeError } from "../core/errors.js";
import type { HttpClient } from "../http/types.js";
import { sendParcelByEmail } from "./email.js";
import { saveParcelToFolder } from "./folder.js";
import type { DeliveryChannel, DeliveryResult, DeliveryTargets, Parcel } from "./types.js";
import { postSummaryToWebhook } from "./webhook.js";

export interface DeliveryDeps {
  http: HttpClient;
  /** Where webhook URLs and SMTP logins are read from. */
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/** The channels `targets` configures. */
export function toConfiguredChannels(targets: DeliveryTargets): DeliveryChannel[] {
  return [...(targets.folder ? (["folder"] as const) : []), ...(targets.webhook ? (["webhook"] as const) : []), ...(targets.email ? (["email"] as const) : [])];
}

/**
 * Delivers the parcel on each configured channel (or only `channels`) at once; a failing
 * channel never stops the others, and each gets its own result.
 */
export async function deliverParcel(parcel: Parcel, targets: DeliveryTargets, deps: DeliveryDeps, channels = toConfiguredChannels(targets)): Promise<DeliveryResult[]> {
  const attempts = channels.map(async (channel): Promise<string> => {
    switch (channel) {
      case "folder":
        return (await saveParcelToFolder(targets.folder!, parcel)).join(", ");
      case "webhook":
        return postSummaryToWebhook(deps.http, toWebhookUrl(targets, deps.env), parcel.summary, deps.signal);
      case "email":
        return sendParcelByEmail(targets.email!, parcel, deps.env);
    }
  });
  const settled = await Promise.allSettled(attempts);
  return settled.map((outcome, i) =>
    outcome.status === "fulfilled" ? { channel: channels[i]!, ok: true, detail: outcome.value } : { channel: channels[i]!, ok: false, detail: describeError(outcome.reason) },
  );
}

function toWebhookUrl(targets: DeliveryTargets, env: Record<string, string | undefined>): string {
  const webhook = targets.webhook!;
  const url = webhook.url ?? (webhook.urlEnv ? env[webhook.urlEnv] : undefined);
  if (!url) throw new Error(`webhook: environment variable ${webhook.urlEnv ?? "(none)"} is not set`);
  return url;
}
