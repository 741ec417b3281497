DROP INDEX `mentions_published_at_idx`;--> statement-breakpoint
DROP INDEX `mentions_classifier_version_idx`;