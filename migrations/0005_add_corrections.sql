CREATE TABLE `corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mention_id` integer,
	`text` text NOT NULL,
	`title` text,
	`lang` text,
	`channel` text NOT NULL,
	`rating` real,
	`rating_scale` integer,
	`url` text,
	`author_hash` text,
	`sentiment` text,
	`complaint` integer,
	`topics` text,
	`topic_stages` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`mention_id`) REFERENCES `mentions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `corrections_author_hash_idx` ON `corrections` (`author_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `corrections_mention_unique` ON `corrections` (`mention_id`);