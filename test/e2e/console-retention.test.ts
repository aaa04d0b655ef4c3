/**
 * The retention in the console, end to end in Chromium against the production server, on both
 * engines: the Counter and status tab sets a campaign's days (a refusal shown on the field), the
 * campaign page warns in the last 14 days before the erasure, and says nothing further off.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { adminCall } from './console-admin.ts';
import { axeViolations } from './console-page.ts';
import { consoleTab, onEachEngine } from './console-tab.ts';

const tab = consoleTab();

onEachEngine(tab, () => {
  before(async () => {
    await tab.freshSignedIn();
  });

  it('sets the days to keep, and warns 14 days before the erasure, not earlier', async () => {
    const { page, server } = tab;
    await page.goto(`${server.url}/admin#/campaigns/el-salvador/counter`);
    const days = page.locator('#retain-days');
    await days.fill('0');
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.locator('#retain-days[aria-invalid="true"]').waitFor();
    await days.fill('30');
    await page.getByRole('button', { name: 'Save retention' }).click();
    await page.locator('form[name="retention"] .done').waitFor();
    const saved = await adminCall<{ retainDays: number }>(
      server.url,
      'GET',
      '/campaigns/el-salvador',
    );
    assert.equal(saved.retainDays, 30);
    await adminCall(server.url, 'PATCH', '/campaigns/el-salvador', { status: 'closed' });
    await page.reload();
    await page.locator('#retain-days').waitFor();
    assert.equal(await page.getByText('will be erased on').count(), 0, '30 days off: no warning');
    assert.match(await page.locator('form[name="retention"]').innerText(), /Due \d{4}-\d\d-\d\d/);

    await adminCall(server.url, 'PATCH', '/campaigns/el-salvador', { retainDays: 10 });
    await page.reload();
    const warning = page.locator('console-campaign-page p.problem');
    await warning.waitFor();
    assert.match(
      (await warning.innerText()).replace(/\s+/g, ' '),
      /^Names, emails and cities will be erased on \d{4}-\d\d-\d\d \d\d:\d\d: download what you deliver before\.$/,
    );
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: '/tmp/retention-console-1280.png', fullPage: false });
  });
});
