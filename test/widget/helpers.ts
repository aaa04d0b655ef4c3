/** Helpers for widget tests: the real API's URL, mounting, reading the shadow DOM, filling. */
import { fixture, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import type { PetitionWidget } from '../../widget/petition-widget.ts';
import { definePetitionWidget } from '../../widget/petition-widget.ts';
import { apiUrl, textOf } from './api-url.ts';

definePetitionWidget();

export { apiUrl, textOf };

/** Mounts a widget for a campaign and waits until it has drawn its form or its message. */
export async function mount(
  campaign = 'el-salvador',
  attributes: Record<string, string> = {},
): Promise<PetitionWidget> {
  const element = document.createElement('petition-widget');
  element.setAttribute('campaign', campaign);
  element.setAttribute('api', await apiUrl());
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  container.append(element);
  await waitUntil(
    () => element.shadowRoot?.querySelector('.counter, [role="alert"]'),
    'widget did not draw',
    { timeout: 5000 },
  );
  return element;
}

/** One element inside the widget's shadow root. */
export function inside<T extends Element = HTMLElement>(
  element: PetitionWidget,
  selector: string,
): T {
  const found = element.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in the widget`);
  return found;
}

let serial = 0;

/** A unique email for this run. */
export function uniqueEmail(): string {
  return `widget.${Date.now().toString(36)}.${serial++}@example.org`;
}

/** Types values into the form's inputs as a user would (input events). */
export async function fillForm(
  element: PetitionWidget,
  values: Record<string, string>,
): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const input = inside<HTMLInputElement>(element, `input[name="${name}"]`);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  await element.updateComplete;
}

/** Reads the counter total from the server directly. */
export async function serverCounter(
  campaign = 'el-salvador',
): Promise<{ signatures: number; total: number }> {
  return (
    await fetch(`${await apiUrl()}/api/campaigns/${campaign}/counter`, { cache: 'no-store' })
  ).json();
}

/** Signs through the API directly (another supporter, elsewhere). */
export async function signElsewhere(campaign: string): Promise<void> {
  const response = await fetch(`${await apiUrl()}/api/campaigns/${campaign}/signatures`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      firstName: 'Other',
      lastName: 'Person',
      email: uniqueEmail(),
      city: 'Lyon',
      optIn: false,
    }),
  });
  if (response.status !== 201) throw new Error(`sign elsewhere: ${response.status}`);
}
