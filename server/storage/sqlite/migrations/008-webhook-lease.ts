/**
 * Which delivery is being sent, as on PostgreSQL (its migration 004): the worker marks a delivery
 * it claims, and an erasure that comes while it is on its way treats it as received (the
 * receiver may keep the person) and tells the hook, instead of dropping it as never sent. One
 * process sends from a SQLite file, so nothing waits on a lease here; a mark a crash left behind
 * is cleared by the next attempt's record.
 */
export default /* sql */ `
ALTER TABLE webhook_deliveries ADD COLUMN lease_owner TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN lease_until INTEGER;
`;
