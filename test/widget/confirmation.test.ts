/**
 * A campaign that counts signatures once confirmed by email (the `verified` fixture, against the
 * real server): the thank-you says "One more step" with the address masked, the counter does not
 * move, nothing is remembered as signed on this device, and "Send it again" asks the server for
 * the mail again and says so; the whole panel is accessible.
 */
import { expect, waitUntil } from '@open-wc/testing';
import type { PetitionWidget } from '../../widget/petition-widget.ts';
import { apiUrl, fillForm, inside, mount, serverCounter, textOf, uniqueEmail } from './helpers.ts';

const realFetch = window.fetch;
afterEach(() => {
  window.fetch = realFetch;
  localStorage.clear();
});

async function signVerified(email: string): Promise<PetitionWidget> {
  const element = await mount('verified');
  await fillForm(element, { firstName: 'Ana', lastName: 'Martínez', email, city: 'Toronto' });
  inside(element, 'button[type="submit"]').click();
  await waitUntil(() => element.shadowRoot!.querySelector('[part="thanks"]'), 'no thank-you', {
    timeout: 5000,
  });
  await element.updateComplete;
  return element;
}

describe('a campaign asking for email confirmation', () => {
  it('says one more step, with the address masked, and the counter stays where it was', async () => {
    const before = await serverCounter('verified');
    let signed: CustomEvent | null = null;
    document.addEventListener('petition-signed', (event) => (signed = event), { once: true });
    const element = await signVerified(`ana.${Date.now()}@example.org`);
    const panel = textOf(inside(element, '[part="thanks"]'));
    expect(textOf(inside(element, '[part="thanks"] h2'))).to.equal('One more step');
    expect(panel).to.contain('We sent a link to a***@example.org.');
    expect(panel).not.to.contain('ana.');
    expect(signed!.detail.status).to.equal('check_email');
    expect(signed!.detail.counter.signatures).to.equal(before.signatures);
    expect(textOf(inside(element, '.counter'))).to.contain(String(before.total));
    expect((await serverCounter('verified')).signatures).to.equal(before.signatures);
    expect(localStorage.getItem('petition-signed:verified')).to.equal(null, 'not remembered');
    await expect(element).to.be.accessible();
  });

  it('"Send it again" asks the server for the mail again and says it was sent', async () => {
    const email = uniqueEmail();
    const element = await signVerified(email);
    const asked: { url: string; body: string }[] = [];
    window.fetch = (input, init) => {
      asked.push({ url: String(input), body: String(init?.body) });
      return realFetch(input, init);
    };
    const again = [...element.shadowRoot!.querySelectorAll('[part="thanks"] button')].find(
      (button) => textOf(button) === 'Send it again',
    ) as HTMLButtonElement;
    again.click();
    await waitUntil(
      () => textOf(element.shadowRoot!.querySelector('[role="status"]')).startsWith('Sent again'),
      'no word that it was sent',
    );
    expect(asked).to.have.length(1);
    expect(asked[0].url).to.equal(`${await apiUrl()}/api/campaigns/verified/signatures/resend`);
    expect(JSON.parse(asked[0].body)).to.deep.equal({ email, lang: 'en' });
    await expect(element).to.be.accessible();
  });
});
