/**
 * The base of the console's elements: they render into the light DOM, so one stylesheet
 * (console.css, served from 'self' under a strict CSP) styles the whole page, and forms, labels
 * and landmarks are plain document markup for assistive technology and for tests.
 */
import { LitElement } from 'lit';

/** A Lit element without a shadow root. */
export class ConsoleElement extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}
