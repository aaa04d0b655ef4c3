/**
 * `<console-widget-preview>`: the real widget.js of this server, mounted in the console as a
 * partner's page would mount it, for the embed builder and the texts editor.
 *
 * widget.js is loaded once, by a script element, the way a partner page loads it (the same file,
 * the same `document.currentScript` path), never bundled into the console. The texts editor shows
 * unsaved texts by putting them over the campaign the widget loaded, i.e. the element's private
 * `data` field: no public API offers that, and widget.js's budget has no room for one. The
 * console's end-to-end test for the texts preview fails if the widget renames that field.
 */
import { html, nothing } from 'lit';
import { ConsoleElement, ATTRIBUTE, PROP } from '../element.ts';
import type { CampaignTexts, Language } from '../types.ts';

let loading: Promise<void> | null = null;

/** Loads /widget.js once per page. */
function loadWidget(): Promise<void> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/widget.js';
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('widget.js could not be loaded: run npm run build.'));
    document.head.append(script);
  });
  return loading;
}

/** The part of the widget element the preview writes to (see above). */
interface WidgetInternals extends HTMLElement {
  data: { lang: string; texts: CampaignTexts } | null;
  requestUpdate(): void;
}

export class ConsoleWidgetPreview extends ConsoleElement {
  static override properties = {
    campaign: ATTRIBUTE,
    language: ATTRIBUTE,
    partner: ATTRIBUTE,
    theme: ATTRIBUTE,
    accent: ATTRIBUTE,
    texts: PROP,
  };
  campaign = '';
  /** The widget's language ('' for the page's). */
  language: Language | '' = '';
  partner = '';
  theme: 'light' | 'dark' | 'auto' = 'light';
  /** The accent colour, set as the --petition-accent custom property (through the CSSOM). */
  accent = '';
  /** Unsaved texts to show instead of the stored ones. */
  texts: CampaignTexts | null = null;
  private failed = '';
  private overlay = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    loadWidget().catch((error: Error) => {
      this.failed = error.message;
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.overlay);
  }

  protected override updated(): void {
    const widget = this.querySelector('petition-widget') as WidgetInternals | null;
    if (!widget) return;
    if (this.accent) widget.style.setProperty('--petition-accent', this.accent);
    else widget.style.removeProperty('--petition-accent');
    clearTimeout(this.overlay);
    if (this.texts) this.putTexts(widget, this.texts, 50);
  }

  /** Puts the texts over the loaded campaign, once the widget has loaded it in this language. */
  private putTexts(widget: WidgetInternals, texts: CampaignTexts, tries: number): void {
    const data = widget.data;
    if (data && (!this.language || data.lang === this.language)) {
      widget.data = { ...data, texts: { ...texts, strings: data.texts.strings } };
      return;
    }
    if (tries > 0)
      this.overlay = window.setTimeout(() => this.putTexts(widget, texts, tries - 1), 100);
  }

  protected override render() {
    if (this.failed) return html`<p class="problem" role="alert">${this.failed}</p>`;
    return html`<petition-widget
      campaign=${this.campaign}
      lang=${this.language || nothing}
      partner=${this.partner || nothing}
      theme=${this.theme}
      refresh="30"
    ></petition-widget>`;
  }
}

if (!customElements.get('console-widget-preview'))
  customElements.define('console-widget-preview', ConsoleWidgetPreview);
