/**
 * People who just signed, with their consent, as SQLite's migration 014 (which says why): the
 * consent column and the partial index of the rows `/recent` may show.
 */
export default /* sql */ `
ALTER TABLE signatures ADD COLUMN show_in_recent SMALLINT NOT NULL DEFAULT 0 CHECK (show_in_recent IN (0, 1));
CREATE INDEX signatures_recent ON signatures (campaign_id, created_at DESC, id DESC)
  WHERE show_in_recent = 1 AND flagged IS NULL AND pending = 0;
`;
