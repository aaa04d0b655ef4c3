/**
 * The element is a LitElement: Lit's whole update lifecycle runs, so a Lit ReactiveController
 * (`@lit/task` and the like) works on it, and its reactive properties are Lit's accessors, not
 * hidden behind class fields.
 */
import { expect } from '@open-wc/testing';
import { LitElement } from 'lit';
import type { ReactiveController } from 'lit';
import { PetitionWidget } from '../../widget/petition-widget.ts';
import { mount } from './helpers.ts';

describe('petition-widget: the Lit lifecycle', () => {
  it('is a LitElement', () => {
    const element = document.createElement('petition-widget');
    expect(element instanceof LitElement, 'an instance of LitElement').to.equal(true);
  });

  it("calls a controller's hostUpdate before each render and hostUpdated after it", async () => {
    const element = await mount();
    const calls: string[] = [];
    const controller: ReactiveController = {
      hostUpdate: () =>
        calls.push(`update ${element.shadowRoot!.querySelector('[part="base"]')?.className}`),
      hostUpdated: () => calls.push(`updated ${element.refresh}`),
    };
    element.addController(controller);
    element.refresh = 30;
    expect(await element.updateComplete).to.equal(true);
    expect(calls).to.deep.equal(['update root', 'updated 30']);
    element.removeController(controller);
    element.refresh = 31;
    await element.updateComplete;
    expect(calls, 'a removed controller hears nothing').to.have.length(2);
  });

  it('keeps every reactive property on Lit accessors: no class field shadows one', async () => {
    const element = await mount();
    const names = [...PetitionWidget.elementProperties.keys()];
    expect(names).to.include.members(['campaign', 'api', 'partner', 'theme', 'locale', 'refresh']);
    for (const name of names) expect(Object.hasOwn(element, name), String(name)).to.equal(false);
    element.setAttribute('theme', 'dark');
    expect(element.theme).to.equal('dark');
  });
});
