-- drizzle-kit 0.31 splits an expression index at its comma into broken backquoted names; the expression below is fixed by hand (the snapshot is right), as in 0003.
CREATE INDEX `mentions_answered_idx` ON `mentions` (coalesce("published_at", "fetched_at")) WHERE "mentions"."first_response_at" is not null;
