/**
 * The flagged pile in the console, end to end in Chromium against the production server, on both
 * engines: the overview's count and the list its link opens agree (what is left to review apart
 * from what a person kept flagged), reasons read as words, a reviewed row says what was decided
 * and is not offered "Keep flagged" again.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { adminCall } from './console-admin.ts';
import { axeViolations } from './console-page.ts';
import { FLAGGED, STILL_FLAGGED } from './console-server.ts';
import { consoleTab, onEachEngine } from './console-tab.ts';

const tab = consoleTab();

const flaggedLine = () =>
  tab.page.locator('console-campaign-overview .figures li', { hasText: 'flagged' });

/**
 * Opens the overview and follows its link to the flagged list: the overview's line, the link's
 * number and the rows it lists.
 */
async function followTheCount(): Promise<{ line: string; said: number; listed: number }> {
  await tab.page.goto(`${tab.server.url}/admin#/campaigns/el-salvador/overview`);
  const link = flaggedLine().getByRole('link');
  await link.waitFor();
  const line = await flaggedLine().innerText();
  const said = Number((await link.innerText()).match(/\d+/)?.[0] ?? 'NaN');
  await link.click();
  const list = tab.page.locator('console-flagged-list');
  await list.locator('tbody tr, p', { hasText: /\w/ }).first().waitFor();
  await tab.page.locator('console-flagged-list .busy').waitFor({ state: 'detached' });
  return { line, said, listed: await list.locator('tbody tr').count() };
}

onEachEngine(tab, () => {
  before(async () => {
    await tab.freshSignedIn();
  });

  it('the overview counts what its link lists: left to review apart from kept flagged', async () => {
    const before = await followTheCount();
    assert.deepEqual([before.said, before.listed], [2, 2]);
    assert.match(before.line, /^2 flagged, not counted: 2 to review, 0 kept after review/);
    const other = tab.page.locator('console-flagged-list tbody tr', {
      hasText: STILL_FLAGGED.lastName,
    });
    await other.getByRole('button', { name: `Keep flagged: ${STILL_FLAGGED.firstName}` }).click();
    await other.locator('.done', { hasText: 'Kept flagged' }).waitFor();
    const after = await followTheCount();
    assert.deepEqual([after.said, after.listed], [1, 1], 'the count and the list agree');
    assert.match(after.line, /^2 flagged, not counted: 1 to review, 1 kept after review/);
    assert.deepEqual(await axeViolations(tab.page), []);
  });

  it('says why in words, shows the decision on a reviewed row and offers only what is left to do', async () => {
    // One more, flagged by hand from a counted row.
    const page1 = await adminCall<{ data: { id: number }[] }>(
      tab.server.url,
      'GET',
      '/campaigns/el-salvador/signatures?flagged=false&limit=1',
    );
    await adminCall(tab.server.url, 'PATCH', `/signatures/${page1.data[0].id}`, {
      flagged: true,
      reason: 'Same person, two addresses',
    });
    await tab.page.goto(`${tab.server.url}/admin#/campaigns/el-salvador/overview`);
    await flaggedLine().waitFor();
    const line = await flaggedLine().innerText();
    assert.match(line, /2 filled in the hidden field/);
    assert.match(line, /1 flagged by hand/);
    assert.doesNotMatch(line, /honeypot|manual/, 'no codes');

    await tab.page.goto(`${tab.server.url}/admin#/campaigns/el-salvador/flagged`);
    const waiting = tab.page.locator('console-flagged-list tbody tr', {
      hasText: FLAGGED.lastName,
    });
    await waiting.waitFor();
    assert.match(await waiting.innerText(), /filled in the hidden field/);
    assert.doesNotMatch(await waiting.innerText(), /honeypot/);
    await tab.page.getByLabel('Show rows already reviewed').check();
    const kept = tab.page.locator('console-flagged-list tbody tr', {
      hasText: STILL_FLAGGED.lastName,
    });
    await kept.waitFor();
    assert.match(await kept.innerText(), /Kept flagged \d{4}-\d\d-\d\d/);
    assert.equal(await kept.getByRole('button', { name: /Keep flagged/ }).count(), 0);
    assert.equal(
      await kept.getByRole('button', { name: `Count ${STILL_FLAGGED.firstName}` }).count(),
      1,
      'a kept row may still be counted',
    );
    const byHand = tab.page.locator('console-flagged-list tbody tr', {
      hasText: 'flagged by hand',
    });
    assert.match(await byHand.innerText(), /Flagged by hand \d{4}-\d\d-\d\d/);
    assert.equal(await byHand.getByRole('button', { name: /Keep flagged/ }).count(), 0);
    assert.deepEqual(await axeViolations(tab.page), []);
    assert.deepEqual(tab.trouble.errors, []);
  });
});
