CREATE TABLE `alerts_sent` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`alert_key` text NOT NULL,
	`channel` text NOT NULL,
	`sent_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alerts_sent_key_idx` ON `alerts_sent` (`alert_key`,`sent_at`);--> statement-breakpoint
ALTER TABLE `mentions` ADD `author_hash` text;--> statement-breakpoint
ALTER TABLE `mentions` ADD `redactions` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `mentions_author_hash_idx` ON `mentions` (`author_hash`);