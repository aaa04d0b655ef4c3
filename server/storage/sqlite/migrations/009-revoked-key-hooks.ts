/**
 * A revoked key's hooks stop with it (from this version on, in the revocation's transaction).
 * Keys revoked before kept their hooks running: they stop here, as of their key's revocation,
 * with the reason a revocation now gives (storage/webhook-storage.ts KEY_REVOKED).
 */
export default /* sql */ `
UPDATE webhooks
SET disabled_at = (SELECT revoked_at FROM admin_keys WHERE admin_keys.id = webhooks.key_id),
    disabled_reason = 'key revoked'
WHERE disabled_at IS NULL
  AND key_id IN (SELECT id FROM admin_keys WHERE revoked_at IS NOT NULL);
`;
