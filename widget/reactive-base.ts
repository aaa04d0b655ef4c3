/**
 * The element's base: Lit's templates (lit-html) rendered by a small reactive core instead of
 * LitElement. ReactiveElement is ~3 KB gzip of widget.js's 12 KB budget, most of it for what this
 * element never uses (attribute converters, property options, update hooks, style fallbacks for
 * browsers without constructable style sheets, which cannot run the widget's CSS anyway). This
 * keeps what the element does use, with Lit's names, so it reads as a Lit element:
 *
 * - `static properties`: `{attribute, reflect, type: Number, state}`; an attribute sets its
 *   property, a reflected property writes its attribute back at the next update;
 * - `requestUpdate()`: any property change batches one render in a microtask; `updateComplete`
 *   resolves once no update is pending; `updated()` runs after each render;
 * - Lit's ReactiveController protocol (`hostConnected`, `hostDisconnected`);
 * - `static styles`: one constructable style sheet, adopted by the open shadow root.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { render } from 'lit/html.js';
import type { TemplateResult } from 'lit/html.js';

/** How a property reacts, as in Lit (the subset this element uses). */
export interface PropertyOptions {
  attribute?: string;
  reflect?: boolean;
  type?: NumberConstructor;
  state?: boolean;
}

const attributeOf = (name: string, options: PropertyOptions) =>
  options.attribute ?? name.toLowerCase();

/** A style sheet from a template literal (minified at build: widget/minify-css.ts). */
export function css(strings: TemplateStringsArray): CSSStyleSheet {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(strings[0]);
  return sheet;
}

export abstract class ReactiveBase extends HTMLElement implements ReactiveControllerHost {
  declare static properties: Record<string, PropertyOptions>;
  declare static styles: CSSStyleSheet;

  readonly renderRoot: ShadowRoot;
  #values = new Map<string, unknown>();
  #reflect = new Set<string>();
  #controllers = new Set<ReactiveController>();
  #pending: Promise<boolean> | null = null;

  /** Read by customElements.define: the moment to turn declared properties into accessors. */
  static get observedAttributes(): string[] {
    const attributes: string[] = [];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass being defined, with its own properties and prototype; naming ReactiveBase would break it.
    for (const [name, options] of Object.entries(this.properties)) {
      // biome-ignore lint/complexity/noThisInStatic: as above, the subclass's own prototype.
      Object.defineProperty(this.prototype, name, {
        get(this: ReactiveBase) {
          return this.#values.get(name);
        },
        set(this: ReactiveBase, value: unknown) {
          if (this.#values.has(name) && this.#values.get(name) === value) return;
          this.#values.set(name, value);
          if (options.reflect) this.#reflect.add(name);
          this.requestUpdate();
        },
      });
      if (!options.state) attributes.push(attributeOf(name, options));
    }
    return attributes;
  }

  constructor() {
    super();
    this.renderRoot = this.attachShadow({ mode: 'open' });
    const base = this.constructor as typeof ReactiveBase;
    this.renderRoot.adoptedStyleSheets = [base.styles];
    // A property a page set before the element was defined sits on the instance, hiding the
    // accessor: take it through the accessor instead.
    for (const name of Object.keys(base.properties)) {
      if (Object.hasOwn(this, name)) {
        const value = (this as Record<string, unknown>)[name];
        delete (this as Record<string, unknown>)[name];
        (this as Record<string, unknown>)[name] = value;
      }
    }
  }

  attributeChangedCallback(attribute: string, _old: string | null, value: string | null): void {
    for (const [name, options] of Object.entries(
      (this.constructor as typeof ReactiveBase).properties,
    )) {
      if (!options.state && attributeOf(name, options) === attribute) {
        (this as Record<string, unknown>)[name] =
          options.type && value !== null ? options.type(value) : value;
      }
    }
  }

  addController(controller: ReactiveController): void {
    this.#controllers.add(controller);
  }

  removeController(controller: ReactiveController): void {
    this.#controllers.delete(controller);
  }

  connectedCallback(): void {
    for (const controller of this.#controllers) controller.hostConnected?.();
    this.requestUpdate();
  }

  disconnectedCallback(): void {
    for (const controller of this.#controllers) controller.hostDisconnected?.();
  }

  requestUpdate(): void {
    this.#pending ??= Promise.resolve().then(() => {
      this.#pending = null;
      for (const name of this.#reflect) {
        const value = this.#values.get(name);
        const attribute = attributeOf(
          name,
          (this.constructor as typeof ReactiveBase).properties[name],
        );
        if (value == null) this.removeAttribute(attribute);
        else this.setAttribute(attribute, String(value));
      }
      this.#reflect.clear();
      render(this.render(), this.renderRoot, { host: this });
      this.updated();
      return true;
    });
  }

  /** Resolves when no update is pending (after the one under way, and any it requested). */
  get updateComplete(): Promise<boolean> {
    return this.#pending ? this.#pending.then(() => this.updateComplete) : Promise.resolve(true);
  }

  protected abstract render(): TemplateResult;

  /** After each render. */
  protected updated(): void {}
}
