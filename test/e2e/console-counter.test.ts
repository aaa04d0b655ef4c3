/**
 * The counter tab and the chart, end to end in Chromium against the production server, on both
 * engines: a saved offset leaves no reason behind for the next change to reuse; the audit trail
 * reads as sentences (who by name, what changed); a campaign signed on one day only draws one
 * narrow bar and names that day once; a goal set to move shows the goal that applies, and the
 * goals reached with their dates.
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

  it('clears the reason once the offset is saved, and the audit says who changed what', async () => {
    const key = await adminCall<{ key: string }>(tab.server.url, 'POST', '/keys', {
      label: 'Campaign desk',
    });
    // A change made with a stored key: the trail names the key by its label.
    const response = await fetch(`${tab.server.url}/api/admin/campaigns/el-salvador`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ goal: 5000, offset: 800, offsetReason: 'Signatures from a stall' }),
    });
    assert.equal(response.status, 200);
    await tab.page.goto(`${tab.server.url}/admin#/campaigns/el-salvador/counter`);
    await tab.page.locator('#offset').fill('1000');
    await tab.page.locator('#offset-reason').fill('Paper petition from the Toronto vigil');
    await tab.page.getByRole('button', { name: 'Change the offset' }).click();
    await tab.page.locator('form[name="offset"] .done').waitFor();
    assert.equal(
      await tab.page.locator('#offset-reason').inputValue(),
      '',
      'no reason left behind',
    );
    assert.equal(await tab.page.locator('#offset').inputValue(), '1000');
    const trail = tab.page.locator('console-campaign-counter .audit li');
    await trail.filter({ hasText: 'Toronto vigil' }).waitFor();
    const lines = (await trail.allInnerTexts()).map((line) => line.replace(/\s+/g, ' ').trim());
    assert.match(
      lines[0],
      /^\d{4}-\d\d-\d\d \d\d:\d\d The admin token changed the offset from 800 to 1,000: “Paper petition from the Toronto vigil”\.$/,
    );
    assert.match(
      lines[1],
      /The key “Campaign desk” \(#\d+\) changed the offset from 785 to 800: “Signatures from a stall”\.$/,
    );
    assert.ok(!lines.some((line) => /Who:|Reason:|token$/.test(line)), lines.join('\n'));
    assert.deepEqual(await axeViolations(tab.page), []);
  });

  it('draws a campaign signed on one day as one narrow bar, its day named once', async () => {
    const texts = (
      await adminCall<{ texts: Record<string, unknown> }>(
        tab.server.url,
        'GET',
        '/campaigns/el-salvador',
      )
    ).texts;
    await adminCall(tab.server.url, 'POST', '/campaigns', {
      slug: 'one-day',
      target: 'The mayor',
      defaultLang: 'en',
      texts: { en: texts.en },
      status: 'open',
      // Counted at once: this test is about the chart, not confirmation.
      verification: 'none',
    });
    const campaign = await (await fetch(`${tab.server.url}/api/campaigns/one-day`)).json();
    const signed = await fetch(`${tab.server.url}/api/campaigns/one-day/signatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        firstName: 'Ada',
        lastName: 'Day',
        email: 'ada.day@example.org',
        city: 'Oslo',
        optIn: false,
        formToken: campaign.formToken,
        website: '',
      }),
    });
    assert.equal(signed.status, 201);
    await tab.page.goto(`${tab.server.url}/admin#/campaigns/one-day/overview`);
    const chart = tab.page.locator('console-day-chart');
    await chart.locator('svg rect.bar').waitFor();
    const { bar, frame } = await chart.evaluate((element) => ({
      bar: element.querySelector('rect.bar')!.getBoundingClientRect().width,
      frame: element.querySelector('svg')!.getBoundingClientRect().width,
    }));
    assert.ok(bar / frame < 0.1, `one day is a narrow bar (${bar} of ${frame} px)`);
    const today = new Date().toISOString().slice(0, 10);
    const axis = await chart.locator('.chart-frame').innerText();
    assert.equal(axis.split(today).length - 1, 1, `the day named once: ${axis}`);
    assert.deepEqual(tab.trouble.errors, []);
  });

  it('sets a moving goal with its own steps, and lists the goals reached with when', async () => {
    const before = await adminCall<{ offset: number; counter: { total: number } }>(
      tab.server.url,
      'GET',
      '/campaigns/el-salvador',
    );
    const [near, next] = [before.counter.total + 10, before.counter.total + 20];
    const format = (value: number) => value.toLocaleString('en');
    await tab.page.goto(`${tab.server.url}/admin#/campaigns/el-salvador/counter`);
    const goal = tab.page.locator('console-campaign-goal');
    await goal.getByText('None yet.').waitFor();
    await tab.page.locator('#goal-mode').selectOption('auto');
    await tab.page.locator('#goal-steps').fill(`${next}, ${near}`);
    await tab.page.getByRole('button', { name: 'Save goal' }).click();
    await goal.getByText(`The widget shows a goal of ${format(near)}.`).waitFor();
    assert.equal(await tab.page.locator('#goal-steps').inputValue(), `${near}, ${next}`);
    await adminCall(tab.server.url, 'PATCH', '/campaigns/el-salvador', {
      offset: before.offset + 15,
      offsetReason: 'Paper forms',
    });
    await tab.page.reload();
    await goal.getByText(`The widget shows a goal of ${format(next)}.`).waitFor();
    const reached = (await goal.locator('ol li').allInnerTexts()).map((line) =>
      line.replace(/\s+/g, ' ').trim(),
    );
    assert.equal(reached.length, 1, reached.join('\n'));
    assert.match(reached[0], /^\d{4}-\d\d-\d\d \d\d:\d\d [\d,]+ reached \(total [\d,]+\)$/);
    assert.ok(reached[0].includes(`${format(near)} reached (total ${format(near + 5)})`));
    assert.deepEqual(await axeViolations(tab.page), []);
    assert.deepEqual(tab.trouble.errors, []);
  });
});
