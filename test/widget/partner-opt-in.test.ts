/**
 * The partner's own opt-in in real Chromium against the real API: drawn under the host's for a
 * known partner, never ticked in advance, reachable and tickable from the keyboard, axe-clean,
 * named in the consent notice with its privacy link, and recorded with the signature. An unknown
 * partner draws no box and is kept as attribution only.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { fillForm, inside, mount, textOf, uniqueEmail } from './helpers.ts';
import type { PetitionWidget } from '../../widget/petition-widget.ts';

const OXFAM_EN =
  'Yes, Oxfam Canada may email me about this and other campaigns. I can unsubscribe at any time.';

/** What the server stored for this email (read from its database by the test runner). */
async function recorded(email: string) {
  return (await fetch(`/__signature?email=${encodeURIComponent(email)}`)).json();
}

async function sign(element: PetitionWidget, tickPartner: boolean) {
  const email = uniqueEmail();
  await fillForm(element, { firstName: 'Ana', lastName: 'Martínez', email, city: 'Toronto' });
  if (tickPartner) inside<HTMLInputElement>(element, 'input[name="partnerOptIn"]').click();
  inside(element, 'button[type="submit"]').click();
  await waitUntil(() => element.shadowRoot!.querySelector('[part="thanks"]'), 'no thank-you', {
    timeout: 5000,
  });
  return email;
}

beforeEach(() => localStorage.clear());

describe('petition-widget: the partner opt-in', () => {
  it("draws a known partner's own box under the host's, unticked, with its text and privacy link, axe-clean", async () => {
    performance.clearResourceTimings();
    const element = await mount('el-salvador', { partner: 'oxfam' });
    const boxes = [
      ...element.shadowRoot!.querySelectorAll<HTMLInputElement>(
        '[part="consent"] input[type="checkbox"]',
      ),
    ];
    expect(boxes.map((box) => box.name)).to.deep.equal(
      ['optIn', 'partnerOptIn'],
      'the host first, the partner under it',
    );
    const partnerBox = boxes[1];
    expect(partnerBox.checked, 'never pre-ticked').to.equal(false);
    expect(textOf(partnerBox.labels![0])).to.equal(OXFAM_EN);
    const sharing = inside(element, '#partner-sharing');
    expect(textOf(sharing)).to.contain(
      'Oxfam Canada receives your name, email and city only if you tick its box.',
    );
    // On the partner's page, the page itself can read the form: the notice says so.
    expect(textOf(sharing)).to.contain(
      'The website showing this form can see what you type into it.',
    );
    expect(partnerBox.getAttribute('aria-describedby')).to.equal('partner-sharing');
    const link = inside<HTMLAnchorElement>(element, '#partner-sharing a');
    expect(link.href).to.equal('https://www.oxfam.ca/privacy-policy/');
    expect(textOf(link)).to.equal('Oxfam Canada’s privacy policy');
    await expect(element).to.be.accessible();
    // Still one request to the API to draw (the page's widget.js is the other).
    const calls = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.includes('/api/'));
    expect(
      calls.map(
        (entry) =>
          new URL(entry.name).pathname + new URL(entry.name).search.replace(/lang=[^&]*&?/, ''),
      ),
    ).to.deep.equal(['/api/campaigns/el-salvador?partner=oxfam']);
  });

  it('is reached and ticked from the keyboard, right after the host box', async () => {
    const element = await mount('el-salvador', { partner: 'oxfam' });
    inside<HTMLInputElement>(element, 'input[name="optIn"]').focus();
    await sendKeys({ press: 'Tab' });
    expect(element.shadowRoot!.activeElement?.getAttribute('name')).to.equal('partnerOptIn');
    await sendKeys({ press: 'Space' });
    expect(inside<HTMLInputElement>(element, 'input[name="partnerOptIn"]').checked).to.equal(true);
  });

  it('records the partner opt-in with the signature: yes, the version shown, its language', async () => {
    const element = await mount('el-salvador', { partner: 'oxfam', lang: 'fr' });
    expect(textOf(inside(element, 'input[name="partnerOptIn"]').closest('label'))).to.match(
      /^Oui, Oxfam Canada peut m’écrire/,
    );
    expect(textOf(inside(element, '#partner-sharing'))).to.contain(
      'Oxfam Canada ne reçoit vos nom, courriel et ville que si vous cochez sa case.',
    );
    const shown = (element as unknown as { data: { partner: { version: string } } }).data.partner
      .version;
    const ticked = await sign(element, true);
    expect(await recorded(ticked)).to.deep.equal({
      optIn: 0,
      partner: 'oxfam',
      partnerOptIn: 1,
      partnerVersion: shown,
      partnerLang: 'fr',
    });
    localStorage.clear(); // else the widget remembers this browser signed
    const again = await mount('el-salvador', { partner: 'oxfam', lang: 'fr' });
    const unticked = await sign(again, false);
    expect(await recorded(unticked)).to.deep.equal({
      optIn: 0,
      partner: 'oxfam',
      partnerOptIn: 0,
      partnerVersion: shown,
      partnerLang: 'fr',
    });
  });

  it('draws no partner box for an unknown partner, and keeps it as attribution only', async () => {
    const element = await mount('el-salvador', { partner: 'not-a-partner' });
    expect(element.shadowRoot!.querySelector('input[name="partnerOptIn"]')).to.equal(null);
    expect(element.shadowRoot!.querySelector('#partner-sharing')).to.equal(null);
    const email = await sign(element, false);
    expect(await recorded(email)).to.deep.equal({
      optIn: 0,
      partner: 'not-a-partner',
      partnerOptIn: 0,
      partnerVersion: null,
      partnerLang: null,
    });
  });
});
