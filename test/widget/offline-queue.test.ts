/**
 * The offline queue on the partner's origin holds a supporter's personal data: it is written only
 * once an attempt failed (a signature that goes through at once never touches storage), removed
 * once the real server acknowledged the signature, and a pending signature over 7 days old is
 * dropped unsent.
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

const realFetch = window.fetch;
const realSetItem = Storage.prototype.setItem;

/** Records every localStorage write, as a script of the page's own could. */
function watchStorage(): string[] {
  const writes: string[] = [];
  Storage.prototype.setItem = function (key: string, value: string) {
    writes.push(`${key}=${value}`);
    realSetItem.call(this, key, value);
  };
  return writes;
}

afterEach(() => {
  Object.defineProperty(Navigator.prototype, 'onLine', onLine);
  window.fetch = realFetch;
  Storage.prototype.setItem = realSetItem;
  localStorage.clear();
});

describe('petition-widget: the offline queue', () => {
  it('writes nothing to storage when the first attempt goes through', async () => {
    const element = await mount();
    const writes = watchStorage();
    const email = uniqueEmail();
    await fillForm(element, { firstName: 'Ana', lastName: 'Direct', email, city: 'Quito' });
    inside(element, 'button[type="submit"]').click();
    await waitUntil(() => element.shadowRoot!.querySelector('[part="thanks"]'), 'not signed', {
      timeout: 5000,
    });
    // The one write is the mark that this browser signed: no name, no email.
    expect(writes).to.deep.equal(['petition-signed:el-salvador=1']);
    expect(JSON.stringify({ ...localStorage })).to.not.contain(email);
  });

  it('stores the signature only once its first attempt failed, and a reload sends it', async () => {
    const before = await serverCount();
    const element = await mount();
    const email = uniqueEmail();
    await fillForm(element, { firstName: 'Ana', lastName: 'Flaky', email, city: 'Quito' });
    let fail: (error: Error) => void = () => {};
    window.fetch = (input, init) =>
      init?.method === 'POST'
        ? new Promise((_resolve, reject) => (fail = reject))
        : realFetch(input, init);
    inside(element, 'button[type="submit"]').click();
    await waitUntil(() => element.shadowRoot!.querySelector('.spinner'), 'not sending');
    expect(pendingKeys(), 'nothing stored while the first attempt is on its way').to.deep.equal([]);
    fail(new TypeError('Failed to fetch'));
    await waitUntil(
      () => textOf(element.shadowRoot!.querySelector('.status')).includes('keep trying'),
      'not retrying',
    );
    const [key] = pendingKeys();
    expect(JSON.parse(JSON.parse(localStorage.getItem(key)!).body).email).to.equal(email);
    // A reload: this widget goes, the network comes back, a new widget sends what was stored.
    element.remove();
    window.fetch = realFetch;
    const again = await mount();
    await waitUntil(() => again.shadowRoot!.querySelector('[part="thanks"]'), 'not resent', {
      timeout: 5000,
    });
    expect(pendingKeys()).to.deep.equal([]);
    expect(await serverCount()).to.equal(before + 1);
  });

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
    // The widget decides on what it finds stored as it opens: once the entry is gone, it has.
    await waitUntil(
      () => localStorage.getItem(key) === null && element.shadowRoot!.querySelector('form'),
      'the stale signature still stored',
      { timeout: 5000 },
    );
    expect(await serverCount(), 'nothing reached the server').to.equal(before);
    expect(element.shadowRoot!.querySelector('[part="thanks"]') === null, 'no thank-you').to.equal(
      true,
    );
  });
});
