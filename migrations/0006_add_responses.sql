CREATE TABLE `responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mention_id` integer NOT NULL,
	`external_id` text NOT NULL,
	`responder` text NOT NULL,
	`responded_at` integer NOT NULL,
	`url` text,
	`text` text NOT NULL,
	`redactions` integer DEFAULT 0 NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`fetched_at` integer NOT NULL,
	FOREIGN KEY (`mention_id`) REFERENCES `mentions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `responses_mention_external_unique` ON `responses` (`mention_id`,`external_id`);--> statement-breakpoint
ALTER TABLE `mentions` ADD `first_response_at` integer;--> statement-breakpoint
ALTER TABLE `mentions` ADD `thread_checked_at` integer;--> statement-breakpoint
CREATE INDEX `mentions_thread_queue_idx` ON `mentions` (`source_id`,`thread_checked_at`) WHERE "mentions"."first_response_at" is null and "mentions"."complaint" = 1;--> statement-breakpoint
ALTER TABLE `sources` ADD `threads_next_check_at` integer;--> statement-breakpoint
ALTER TABLE `sources` ADD `threads_last_error` text;