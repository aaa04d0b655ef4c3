/**
 * A revoked key's hooks stop with it, as SQLite's 009: keys revoked before this version kept
 * their hooks running; they stop here, as of their key's revocation, reason 'key revoked'.
 */
export default /* sql */ `
UPDATE webhooks w
SET disabled_at = k.revoked_at, disabled_reason = 'key revoked'
FROM admin_keys k
WHERE k.id = w.key_id AND k.revoked_at IS NOT NULL AND w.disabled_at IS NULL;
`;
