/**
 * Idempotency records name the person they belong to (the keyed email hash), so an erasure can
 * take exactly that person's records. No index: erasure is rare, and every signature pays for an
 * index, while a scan of one day's records of a campaign is cheap.
 */
export default /* sql */ `
ALTER TABLE idempotency_keys ADD COLUMN email_hash TEXT;
`;
