CREATE TABLE `mention_topics` (
	`mention_id` integer NOT NULL,
	`topic` text NOT NULL,
	`stage` text NOT NULL,
	PRIMARY KEY(`mention_id`, `topic`),
	FOREIGN KEY (`mention_id`) REFERENCES `mentions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mention_topics_topic_idx` ON `mention_topics` (`topic`,`stage`);--> statement-breakpoint
CREATE TABLE `mentions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` integer NOT NULL,
	`external_id` text NOT NULL,
	`url` text,
	`author` text,
	`title` text,
	`text` text NOT NULL,
	`lang` text,
	`channel` text NOT NULL,
	`rating` real,
	`rating_scale` integer,
	`matched_term` text,
	`published_at` integer,
	`fetched_at` integer NOT NULL,
	`content_hash` text NOT NULL,
	`raw` text,
	`sentiment` text NOT NULL,
	`sentiment_score` real NOT NULL,
	`complaint` integer NOT NULL,
	`topics` text NOT NULL,
	`stages` text NOT NULL,
	`evidence` text NOT NULL,
	`classifier_version` text NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mentions_published_at_idx` ON `mentions` (`published_at`);--> statement-breakpoint
CREATE INDEX `mentions_content_hash_idx` ON `mentions` (`content_hash`);--> statement-breakpoint
CREATE INDEX `mentions_classifier_version_idx` ON `mentions` (`classifier_version`);--> statement-breakpoint
CREATE UNIQUE INDEX `mentions_source_external_unique` ON `mentions` (`source_id`,`external_id`);--> statement-breakpoint
CREATE TABLE `scan_errors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`source_id` integer NOT NULL,
	`item` text,
	`message` text NOT NULL,
	`raw_snippet` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `scan_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `scan_errors_run_idx` ON `scan_errors` (`run_id`);--> statement-breakpoint
CREATE TABLE `scan_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` integer NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text DEFAULT 'running' NOT NULL,
	`fetched` integer DEFAULT 0 NOT NULL,
	`added` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`error` text,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `scan_runs_source_started_idx` ON `scan_runs` (`source_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`config` text NOT NULL,
	`cursor` text,
	`schedule` text,
	`enabled` integer DEFAULT true NOT NULL,
	`next_check_at` integer,
	`last_run_at` integer,
	`last_success_at` integer,
	`error_count` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_name_unique` ON `sources` (`name`);