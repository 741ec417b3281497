CREATE INDEX `mention_topics_mention_stage_idx` ON `mention_topics` (`mention_id`,`stage`,`topic`);--> statement-breakpoint
-- drizzle-kit 0.31 splits an expression index at its comma into broken backquoted names; the expression below is fixed by hand (the snapshot is right).
CREATE INDEX `mentions_occurred_at_idx` ON `mentions` (coalesce("published_at", "fetched_at"),`duplicate_of`,`complaint`,`sentiment`,`source_id`,`channel`,`lang`,`rating_scale`,`rating`);
