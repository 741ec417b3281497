-- Issue 14: no query plan reads this index (forget --author matches kept handles in the same
-- statement and scans); it cost every mention 41 B and a random b-tree insert.
DROP INDEX `mentions_author_hash_idx`;