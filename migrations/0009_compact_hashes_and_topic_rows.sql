-- Issue 14: a smaller store, same outputs (test/store/output-identity.test.ts).
-- 1. mention_topics becomes a WITHOUT ROWID table keyed (mention_id, topic): a mention's topics
--    and stages are read from the table itself, so the rowid b-tree and the covering
--    (mention_id, stage, topic) index go.
DROP INDEX `mention_topics_mention_stage_idx`;--> statement-breakpoint
CREATE TABLE `__new_mention_topics` (
	`mention_id` integer NOT NULL,
	`topic` text NOT NULL,
	`stage` text NOT NULL,
	PRIMARY KEY(`mention_id`, `topic`),
	FOREIGN KEY (`mention_id`) REFERENCES `mentions`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `__new_mention_topics` (`mention_id`, `topic`, `stage`) SELECT `mention_id`, `topic`, `stage` FROM `mention_topics` ORDER BY `mention_id`, `topic`;--> statement-breakpoint
DROP TABLE `mention_topics`;--> statement-breakpoint
ALTER TABLE `__new_mention_topics` RENAME TO `mention_topics`;--> statement-breakpoint
CREATE INDEX `mention_topics_topic_idx` ON `mention_topics` (`topic`,`stage`);--> statement-breakpoint
-- 2. Content and author hashes as their bytes (src/store/hash-cell.ts): lowercase hex text
--    becomes a BLOB of half the size, in the row and in its index; anything else stays as it is.
UPDATE `mentions` SET `content_hash` = unhex(`content_hash`)
	WHERE typeof(`content_hash`) = 'text' AND length(`content_hash`) > 0 AND length(`content_hash`) % 2 = 0 AND `content_hash` NOT GLOB '*[^0-9a-f]*';--> statement-breakpoint
UPDATE `mentions` SET `author_hash` = unhex(`author_hash`)
	WHERE typeof(`author_hash`) = 'text' AND length(`author_hash`) > 0 AND length(`author_hash`) % 2 = 0 AND `author_hash` NOT GLOB '*[^0-9a-f]*';--> statement-breakpoint
UPDATE `corrections` SET `author_hash` = unhex(`author_hash`)
	WHERE typeof(`author_hash`) = 'text' AND length(`author_hash`) > 0 AND length(`author_hash`) % 2 = 0 AND `author_hash` NOT GLOB '*[^0-9a-f]*';
