import { parseConfig, type Config } from "../../src/config/load.js";
import { silentLogger } from "../../src/core/log.js";
import type { Db } from "../../src/store/sqlite/db.js";
import { savePage } from "../../src/store/sqlite/mentions.js";
import { startRun } from "../../src/store/sqlite/runs.js";
import { addSource } from "../../src/store/sqlite/sources.js";
import { startDashboard, type Dashboard } from "../../src/cli/commands/serve.js";
import { openDb } from "../../src/store/sqlite/db.js";
import { toTestRow } from "../helpers/rows.js";
import { tempDbPath } from "../helpers/temp.js";

export const NOW = new Date("2026-11-25T08:00:00Z");

/** Mentions over ten weeks up to week 2026-W47 (16–22 Nov), so the overview has a baseline. */
export function seedDashboardStore(path: string): void {
  const db = openDb(path);
  const shop = addSource(db, { name: "shop-reviews", kind: "file", config: {} }, NOW).id;
  const app = addSource(db, { name: "app-store", kind: "app-store", config: {} }, NOW).id;
  const rows = [];
  for (let week = 0; week < 10; week++) {
    for (let i = 0; i < 6; i++) {
      const publishedAt = new Date(Date.parse("2026-09-14T10:00:00Z") + week * 7 * 86_400_000 + i * 3_600_000);
      const complaint = i % 2 === 0;
      rows.push(
        toTestRow(
          `w${week}-${i}`,
          { text: complaint ? `Parcel number ${week}-${i} is late and the courier never came` : `Lovely shop, order ${week}-${i} arrived`, lang: "en", publishedAt, sentiment: complaint ? "negative" : "positive" },
          complaint ? [{ topic: "delivery", stage: "after_sales" }] : [],
        ),
      );
    }
  }
  rows.push(
    toTestRow(
      "lt-1",
      {
        title: "Siunta",
        text: "Siunta vėluoja jau savaitę",
        lang: "lt",
        publishedAt: new Date("2026-11-20T09:00:00Z"),
        evidence: [{ kind: "topic", topic: "delivery", match: "siunta", start: 7, end: 13 }],
      },
      [{ topic: "delivery", stage: "after_sales" }],
    ),
  );
  savePage(db, { sourceId: shop, runId: startRun(db, shop, NOW), rows, cursor: {}, now: NOW });
  savePage(db, {
    sourceId: app,
    runId: startRun(db, app, NOW),
    rows: [toTestRow("a-1", { text: "Приложение вылетает при оплате", lang: "ru", channel: "app_store", publishedAt: new Date("2026-11-21T10:00:00Z") }, [{ topic: "checkout_payment", stage: "conversion" }])],
    cursor: {},
    now: NOW,
  });
  db.$client.close();
}

export function toTestConfig(path: string, extra: Record<string, unknown> = {}): Config {
  return parseConfig({ database: path, timezone: "Europe/Vilnius", ...extra }, null, process.cwd());
}

/** A seeded store served on 127.0.0.1 at a free port, exactly as `earshot serve` serves it. */
export async function startTestDashboard(options: { env?: Record<string, string>; listen?: string; seed?: (path: string) => void } = {}): Promise<{ dashboard: Dashboard; path: string; url: string; db: () => Db }> {
  const path = tempDbPath();
  (options.seed ?? seedDashboardStore)(path);
  const dashboard = await startDashboard(toTestConfig(path), { listen: options.listen ?? "127.0.0.1:0", env: options.env ?? {}, log: silentLogger });
  return { dashboard, path, url: dashboard.server.url, db: () => openDb(path, { readonly: true }) };
}
