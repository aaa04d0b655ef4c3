/** The element's reactive core: properties, attributes, reflection, batched updates, controllers. */
import { expect } from '@open-wc/testing';
import { html } from 'lit/html.js';
import { ReactiveBase, css } from '../../widget/reactive-base.ts';

class TestElement extends ReactiveBase {
  static override styles = css`p { color: rgb(1, 2, 3); }`;
  static override properties = {
    label: { reflect: true },
    size: { type: Number, attribute: 'data-size' },
    hidden2: { state: true },
  };
  declare label: string;
  declare size: number;
  declare hidden2: boolean;
  renders = 0;
  updates = 0;
  override render() {
    this.renders++;
    return html`<p>${this.label}:${this.size}</p>`;
  }
  protected override updated() {
    this.updates++;
  }
}

describe('ReactiveBase', () => {
  it('takes a property set before the element was defined, and renders it once', async () => {
    const early = document.createElement('test-reactive-base') as TestElement;
    (early as unknown as { label: string }).label = 'early';
    document.body.append(early);
    customElements.define('test-reactive-base', TestElement);
    await early.updateComplete;
    expect(early.shadowRoot!.textContent).to.equal('early:');
    expect(early.getAttribute('label'), 'reflected').to.equal('early');
    expect(getComputedStyle(early.shadowRoot!.querySelector('p')!).color).to.equal('rgb(1, 2, 3)');
    early.remove();
  });

  it('converts attributes, batches changes into one render and runs updated after it', async () => {
    const element = document.createElement('test-reactive-base') as TestElement;
    document.body.append(element);
    await element.updateComplete;
    const before = element.renders;
    element.setAttribute('data-size', '42');
    element.label = 'a';
    element.label = 'b';
    element.hidden2 = true;
    expect(element.renders, 'nothing synchronous').to.equal(before);
    expect(await element.updateComplete).to.equal(true);
    expect(element.renders).to.equal(before + 1);
    expect(element.updates).to.equal(element.renders);
    expect(element.size).to.equal(42);
    expect(element.shadowRoot!.textContent).to.equal('b:42');
    expect(element.getAttribute('label')).to.equal('b');
    element.label = 'b';
    await element.updateComplete;
    expect(element.renders, 'an unchanged value does not render').to.equal(before + 1);
    element.remove();
  });

  it('tells controllers when the host connects and disconnects', async () => {
    const element = document.createElement('test-reactive-base') as TestElement;
    const calls: string[] = [];
    element.addController({
      hostConnected: () => calls.push('connected'),
      hostDisconnected: () => calls.push('disconnected'),
    });
    document.body.append(element);
    element.remove();
    expect(calls).to.deep.equal(['connected', 'disconnected']);
  });
});
