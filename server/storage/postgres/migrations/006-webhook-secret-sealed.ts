/**
 * A hook's signing secret is kept sealed, as SQLite's 010: the column is renamed, and the values an
 * older version wrote in clear are sealed when a node next opens the database with
 * PETITION_SECRET (postgres/webhook-secrets.ts). A node of the older version still running finds
 * no `secret` column and stops sending (its deliveries wait for the new nodes) instead of signing
 * with a sealed value.
 */
export default /* sql */ `
ALTER TABLE webhooks RENAME COLUMN secret TO secret_sealed;
`;
