/**
 * GET /api/admin/me: who a key is. The console asks it right after signing in, so a partner key
 * is shown its one campaign and nothing it may not read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { partnerWorld } from './partner-fixture.ts';

describe('GET /api/admin/me', () => {
  it('names an admin as an admin, and a partner key with its campaign and partner', async () => {
    const { admin, partnerKey, keyId } = await partnerWorld();
    assert.deepEqual(await (await admin('/me')).json(), {
      role: 'admin',
      actor: 'token',
      keyId: null,
      scope: null,
    });
    const partner = await (await admin('/me', { key: partnerKey })).json();
    assert.deepEqual(partner, {
      role: 'partner',
      actor: 'key',
      keyId,
      scope: { campaign: 'el-salvador', partner: 'oxfam' },
    });
    assert.equal((await admin('/me', { key: 'not-a-key-at-all-00000' })).status, 401);
  });
});
