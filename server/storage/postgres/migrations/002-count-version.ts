/**
 * A version for each change of a campaign's count, from one sequence. A count change holds the
 * campaign's row lock until it commits, so for one campaign the versions follow commit order: a
 * node applies a count (its own commit's, or another node's notification, or a reload) only when
 * its version is newer than the one it holds, and never goes back to an older count.
 */
export default /* sql */ `
CREATE SEQUENCE count_versions;
ALTER TABLE campaigns ADD COLUMN count_version BIGINT NOT NULL DEFAULT 0;
`;
