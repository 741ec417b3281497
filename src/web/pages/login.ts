import { html, type SafeHtml } from "../html.js";
import { renderCsrfField, type PageContext } from "../page.js";

export function renderLoginBody(ctx: PageContext, failed: boolean): SafeHtml {
  const { t } = ctx;
  return html`<p id="login-help">${t.t("login.help")}</p>
${failed ? html`<p class="error" role="alert">${t.t("login.failed")}</p>` : ""}
<form method="post" action="/login" aria-describedby="login-help">
${renderCsrfField(ctx)}
<label for="token">${t.t("login.token")}</label>
<input type="password" id="token" name="token" required autocomplete="current-password">
<p><button type="submit">${t.t("login.submit")}</button></p>
</form>`;
}
