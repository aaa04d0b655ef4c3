/**
 * The offline queue on the partner's origin holds a supporter's personal data: it is removed once
 * the real server acknowledged the signature, and a pending signature over 7 days old is dropped
 * unsent.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { PENDING_TTL_MS } from '../../widget/submission-controller.ts';
import { apiUrl, fillForm, inside, mount, textOf, uniqueEmail } from './helpers.ts';

const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
const DAY = 24 * 60 * 60 * 1000;

async function serverCount(): Promise<number> {
  const response = await fetch(`${await apiUrl()}/api/campaigns/el-salvador/counter`, {
    cache: 'no-store',
  });
  return (await response.json()).signatures;
}

const pendingKeys = () =>
  Object.keys(localStorage).filter((key) => key.startsWith('petition-pending:'));

/** Leaves a pending signature in storage, as a widget that went offline `age` ms ago would. */
async function leavePending(age: number): Promise<string> {
  const body = JSON.stringify({
    firstName: 'Old',
    lastName: 'Queue',
    email: uniqueEmail(),
    city: 'Lima',
    optIn: false,
  });
  const key = `petition-pending:${await apiUrl()}|el-salvador`;
  localStorage.setItem(
    key,
    JSON.stringify({ key: `queue-${Date.now()}-${age}`, body, at: Date.now() - age }),
  );
  return key;
}

afterEach(() => {
  Object.defineProperty(Navigator.prototype, 'onLine', onLine);
  localStorage.clear();
});

describe('petition-widget: the offline queue', () => {
  it('keeps a signature made offline, with its time, and removes it once the server acknowledged', async () => {
    const before = await serverCount();
    const element = await mount();
    await fillForm(element, {
      firstName: 'Ana',
      lastName: 'Queue',
      email: uniqueEmail(),
      city: 'Quito',
    });
    Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => false });
    inside(element, 'button[type="submit"]').click();
    await waitUntil(
      () => textOf(element.shadowRoot!.querySelector('.status')).includes('offline'),
      'not offline',
    );
    const [key] = pendingKeys();
    const stored = JSON.parse(localStorage.getItem(key)!);
    expect(Date.now() - stored.at).to.be.within(0, 10_000);
    Object.defineProperty(Navigator.prototype, 'onLine', onLine);
    window.dispatchEvent(new Event('online'));
    await waitUntil(
      () => element.shadowRoot!.querySelector('[part="thanks"]'),
      'not sent when back online',
      { timeout: 5000 },
    );
    expect(pendingKeys()).to.deep.equal([]);
    expect(await serverCount()).to.equal(before + 1);
  });

  it('sends a pending signature under 7 days old when a widget opens, then forgets it', async () => {
    const before = await serverCount();
    const key = await leavePending(PENDING_TTL_MS - DAY);
    const element = await mount();
    await waitUntil(
      () => element.shadowRoot!.querySelector('[part="thanks"]'),
      'pending signature not sent',
      { timeout: 5000 },
    );
    expect(localStorage.getItem(key)).to.equal(null);
    expect(await serverCount()).to.equal(before + 1);
  });

  it('drops a pending signature over 7 days old unsent', async () => {
    const before = await serverCount();
    const key = await leavePending(PENDING_TTL_MS + DAY);
    const element = await mount();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await serverCount(), 'nothing reached the server').to.equal(before);
    expect(localStorage.getItem(key)).to.equal(null);
    expect(element.shadowRoot!.querySelector('[part="thanks"]') === null, 'no thank-you').to.equal(
      true,
    );
  });
});
