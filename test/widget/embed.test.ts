/**
 * The one tag, as a partner pastes it: the BUILT widget.js loaded by a classic <script> from the
 * API's origin (another origin than this page), twice, with a misspelt attribute, in <head>.
 */
import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { apiUrl, textOf } from './api-url.ts';

function addTag(
  attributes: Record<string, string>,
  parent: HTMLElement = document.body,
): Promise<HTMLScriptElement> {
  return apiUrl().then(
    (api) =>
      new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = `${api}/widget.js`;
        for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
        script.onload = () => resolve(script);
        script.onerror = () => reject(new Error('widget.js did not load'));
        parent.append(script);
      }),
  );
}

const drawn = (element: Element | null) => element?.shadowRoot?.querySelector('.counter');

describe('embedding the built widget.js', () => {
  const warnings: string[] = [];
  const errors: string[] = [];
  const originalWarn = console.warn;
  before(() => {
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    window.addEventListener('error', (event) => errors.push(event.message));
  });
  after(() => {
    console.warn = originalWarn;
  });
  beforeEach(() => localStorage.clear());

  it('inserts the widget right after its tag, with the API taken from the script src', async () => {
    const script = await addTag({
      'data-campaign': 'el-salvador',
      'data-partner': 'test-partner',
      'data-theme': 'dark',
      'data-lang': 'es',
    });
    const widget = script.nextElementSibling as HTMLElement & { partner: string };
    expect(widget?.localName).to.equal('petition-widget');
    await waitUntil(() => drawn(widget), 'the built widget did not draw', { timeout: 5000 });
    expect(widget.getAttribute('theme')).to.equal('dark');
    expect(widget.partner).to.equal('test-partner');
    expect(textOf(widget.shadowRoot!.querySelector('button[type="submit"]'))).to.equal(
      'Firmar la petición',
    );
  });

  it('survives being pasted twice: two widgets, no error', async () => {
    const first = await addTag({ 'data-campaign': 'el-salvador' });
    const second = await addTag({ 'data-campaign': 'el-salvador' });
    await waitUntil(
      () => drawn(first.nextElementSibling) && drawn(second.nextElementSibling),
      'two widgets',
      { timeout: 5000 },
    );
    expect(first.nextElementSibling).to.not.equal(second.nextElementSibling);
    expect(errors).to.deep.equal([]);
  });

  it('warns once about an unknown attribute, naming the known ones', async () => {
    warnings.length = 0;
    await addTag({ 'data-campaign': 'el-salvador', 'data-colour': 'red' });
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('data-colour');
    expect(warnings[0]).to.contain('data-campaign, data-lang, data-partner, data-theme');
  });

  it('draws its buttons in the data-accent colour; a value that is not a colour is ignored', async () => {
    const accented = await addTag({ 'data-campaign': 'el-salvador', 'data-accent': '#0a7' });
    const other = await addTag({ 'data-campaign': 'el-salvador', 'data-accent': 'red;x:y' });
    const button = (script: HTMLScriptElement) =>
      script.nextElementSibling?.shadowRoot?.querySelector('button[type="submit"]');
    await waitUntil(() => button(accented) && button(other), 'both drawn', { timeout: 5000 });
    expect(getComputedStyle(button(accented)!).backgroundColor).to.equal('rgb(0, 170, 119)');
    expect(getComputedStyle(button(other)!).backgroundColor).to.equal('rgb(11, 87, 208)');
    expect((other.nextElementSibling as HTMLElement).style.length).to.equal(0);
  });

  it('mounts in the body when the tag sits in <head>', async () => {
    const before = document.body.querySelectorAll(':scope > petition-widget').length;
    await addTag({ 'data-campaign': 'second' }, document.head);
    expect(document.body.querySelectorAll(':scope > petition-widget').length).to.equal(before + 1);
  });

  it('upgrades elements a single-page app creates later, and cleans up on removal', async () => {
    await addTag({});
    const element = document.createElement('petition-widget');
    element.setAttribute('campaign', 'with-goal');
    document.body.append(element);
    await waitUntil(() => drawn(element), 'the late element did not draw', { timeout: 5000 });
    expect(textOf(element.shadowRoot!.querySelector('.counter strong'))).to.equal('1,234');
    element.remove();
    await aTimeout(0);
    expect(errors).to.deep.equal([]);
  });

  it("frame mode: an iframe of the API origin's frame page, with the tag's words; the page's own messages move nothing", async () => {
    const script = await addTag({
      'data-campaign': 'el-salvador',
      'data-isolation': 'frame',
      'data-lang': 'fr',
      'data-partner': 'oxfam',
      'data-theme': 'dark',
      'data-accent': '#0a7',
    });
    const frame = script.nextElementSibling as HTMLIFrameElement;
    expect(frame.localName).to.equal('iframe');
    const src = new URL(frame.src);
    expect(src.origin).to.equal(new URL(await apiUrl()).origin);
    expect(src.pathname).to.equal('/embed/el-salvador');
    const query = Object.fromEntries(src.searchParams);
    expect(query.lang.split(',')[0]).to.equal('fr');
    expect(query).to.include({ partner: 'oxfam', theme: 'dark', accent: '#0a7' });
    expect(query.origin).to.equal(location.origin);
    expect(frame.title, 'named before the frame answers').to.equal('Petition');
    // The frame names itself and sets its height.
    await waitUntil(() => frame.title !== 'Petition' && frame.style.height !== '704px', 'no word', {
      timeout: 5000,
    });
    expect(frame.title).to.equal(
      'Des pouvoirs d’urgence utilisés pour faire reculer les droits humains',
    );
    const height = frame.style.height;
    const signed: Event[] = [];
    document.addEventListener('petition-signed', (event) => signed.push(event));
    // The page's own messages, in the frame's words: the frame's listener runs first for each, so
    // once the last one reached ours, it has judged them all.
    const heard = new Promise((resolve) =>
      addEventListener('message', (event) => event.data === 'done' && resolve(null)),
    );
    postMessage({ petition: 'height', value: 5 }, '*');
    postMessage({ petition: 'title', value: 'Forged' }, '*');
    postMessage({ petition: 'signed', value: { status: 'signed', counter: {} } }, '*');
    postMessage('done', '*');
    await heard;
    expect(frame.style.height).to.equal(height);
    expect(frame.title).to.not.equal('Forged');
    expect(signed).to.deep.equal([]);
  });
});
