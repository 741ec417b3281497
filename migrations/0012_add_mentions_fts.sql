-- Full-text search over mention titles and texts (issue 16): an FTS5 index whose content is the
-- mentions table itself (external content), so the text is stored once. Triggers keep it in step
-- with every insert, delete (purge, forget, retention) and text update. unicode61 with
-- remove_diacritics 2 matches "veluoja" to "vėluoja": Lithuanian is often typed without diacritics.
-- columnsize=0: no per-row token counts (11 B per mention at 1M); they serve only bm25 ranking,
-- and lists are ordered by time, never by rank.
CREATE VIRTUAL TABLE `mentions_fts` USING fts5(title, text, content='mentions', content_rowid='id', tokenize='unicode61 remove_diacritics 2', columnsize=0);
--> statement-breakpoint
-- secure-delete removes a deleted row's tokens from the index at once instead of leaving them in
-- older segments behind a tombstone: erasure must not leave words of the text behind.
INSERT INTO `mentions_fts`(`mentions_fts`, `rank`) VALUES ('secure-delete', 1);
--> statement-breakpoint
INSERT INTO `mentions_fts`(`mentions_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `mentions_fts_insert` AFTER INSERT ON `mentions` BEGIN
  INSERT INTO `mentions_fts`(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `mentions_fts_delete` AFTER DELETE ON `mentions` BEGIN
  INSERT INTO `mentions_fts`(`mentions_fts`, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
--> statement-breakpoint
CREATE TRIGGER `mentions_fts_update` AFTER UPDATE OF title, text ON `mentions` BEGIN
  INSERT INTO `mentions_fts`(`mentions_fts`, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
  INSERT INTO `mentions_fts`(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
