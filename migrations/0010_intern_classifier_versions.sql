CREATE TABLE `classifier_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `classifier_versions_version_unique` ON `classifier_versions` (`version`);--> statement-breakpoint
-- Issue 14: every mention named its classifier version in full (50 bytes); now by the id of its
-- row here. The ids go into the same TEXT-affinity column, so the table is not rebuilt.
INSERT INTO `classifier_versions` (`version`) SELECT DISTINCT `classifier_version` FROM `mentions` ORDER BY 1;--> statement-breakpoint
UPDATE `mentions` SET `classifier_version` = (SELECT `id` FROM `classifier_versions` v WHERE v.`version` = `mentions`.`classifier_version`);
