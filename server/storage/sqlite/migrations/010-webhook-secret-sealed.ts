/**
 * A hook's signing secret is kept sealed (AES-256-GCM under a key derived from the server secret,
 * webhooks/webhook-secrets.ts), not in clear. The column says so by its name; the values an older
 * version wrote in clear are sealed when the database is next opened with its secret (SQL alone
 * cannot: the key is not in the database), in sqlite/webhook-secrets.ts. The rename also keeps an
 * older server from signing with a sealed value as if it were the secret: it finds no column.
 */
export default /* sql */ `
ALTER TABLE webhooks RENAME COLUMN secret TO secret_sealed;
`;
