CREATE TABLE `digest_rollup_days` (
	`id` integer PRIMARY KEY NOT NULL,
	`timezone` text NOT NULL,
	`start_ms` integer NOT NULL,
	`end_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `digest_rollup_days_start_idx` ON `digest_rollup_days` (`start_ms`);--> statement-breakpoint
CREATE UNIQUE INDEX `digest_rollup_days_timezone_start_unique` ON `digest_rollup_days` (`timezone`,`start_ms`);--> statement-breakpoint
CREATE TABLE `digest_rollup_examples` (
	`day_id` integer NOT NULL,
	`topic` text NOT NULL,
	`mention_ids` text NOT NULL,
	PRIMARY KEY(`day_id`, `topic`),
	FOREIGN KEY (`day_id`) REFERENCES `digest_rollup_days`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `digest_rollup_mentions` (
	`day_id` integer NOT NULL,
	`source_id` integer NOT NULL,
	`channel` text NOT NULL,
	`lang` text,
	`mentions` integer NOT NULL,
	`complaints` integer NOT NULL,
	`positive` integer NOT NULL,
	`neutral` integer NOT NULL,
	`negative` integer NOT NULL,
	`nps_responses` integer NOT NULL,
	`promoters` integer NOT NULL,
	`detractors` integer NOT NULL,
	FOREIGN KEY (`day_id`) REFERENCES `digest_rollup_days`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `digest_rollup_mentions_day_idx` ON `digest_rollup_mentions` (`day_id`);--> statement-breakpoint
CREATE TABLE `digest_rollup_stages` (
	`day_id` integer NOT NULL,
	`stage` text NOT NULL,
	`complaints` integer NOT NULL,
	PRIMARY KEY(`day_id`, `stage`),
	FOREIGN KEY (`day_id`) REFERENCES `digest_rollup_days`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `digest_rollup_topics` (
	`day_id` integer NOT NULL,
	`topic` text NOT NULL,
	`stage` text NOT NULL,
	`complaints` integer NOT NULL,
	PRIMARY KEY(`day_id`, `topic`, `stage`),
	FOREIGN KEY (`day_id`) REFERENCES `digest_rollup_days`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `digest_rollup_watermarks` (
	`timezone` text PRIMARY KEY NOT NULL,
	`mention_id` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mentions_duplicate_of_idx` ON `mentions` (`duplicate_of`) WHERE "mentions"."duplicate_of" is not null;