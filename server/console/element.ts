/**
 * The base of the console's elements: they render into the light DOM, so one stylesheet
 * (console.css, served from 'self' under a strict CSP) styles the whole page, and forms, labels
 * and landmarks are plain document markup for assistive technology and for tests.
 *
 * Reactive properties are declared in `static properties` with the options below rather than by
 * decorators: the same properties, without the decorator helpers and their calls in the bundle.
 */
import { LitElement } from 'lit';

/** A property set by the parent's template (`.api=${api}`), never from an attribute. */
export const PROP = { attribute: false } as const;
/** A property also read from its attribute (`campaign="el-salvador"`). */
export const ATTRIBUTE = {} as const;
/** The element's own state. */
export const STATE = { state: true } as const;

/** A Lit element without a shadow root. */
export class ConsoleElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}

/** Defines an element once, however many times its module is evaluated. */
export function define(name: string, element: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, element);
}
