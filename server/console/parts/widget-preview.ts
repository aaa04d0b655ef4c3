/**
 * `<console-widget-preview>`: the real widget.js of this server, mounted in the console as a
 * partner's page would mount it, for the embed builder and the texts editor.
 *
 * widget.js is loaded once, by a script element, the way a partner page loads it (the same file,
 * the same `document.currentScript` path), never bundled into the console. The texts editor shows
 * unsaved texts by putting them over the campaign the widget loaded, i.e. the element's private
 * `data` field: no public API offers that, and widget.js's budget has no room for one. The
 * console's end-to-end test for the texts preview fails if the widget renames that field. A
 * language the campaign has no saved texts in is loaded by the widget in another language; the
 * preview then also puts that language's interface words (from the server's languages) over it.
 */
import { html, nothing } from 'lit';
import type { InterfaceStrings } from '../../i18n/interface-strings.ts';
import { ATTRIBUTE, ConsoleElement, PROP, define } from '../element.ts';
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
  data: { lang: string; texts: CampaignTexts; strings: InterfaceStrings } | null;
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
    strings: PROP,
  };
  campaign = '';
  /** The widget's language ('' for the page's). */
  language: Language | '' = '';
  partner = '';
  theme: 'light' | 'dark' | 'auto' = 'light';
  /** The accent colour: the widget's own `accent` attribute, as the tag's `data-accent`. */
  accent = '';
  /** Texts to show instead of the stored ones (a draft). */
  texts: CampaignTexts | null = null;
  /** The interface words of `language`, to show with them. */
  strings: InterfaceStrings | null = null;
  private failed = '';
  private overlay = 0;
  /** The answer last written over the widget's, and in which language. */
  private written: unknown = null;
  private writtenLanguage = '';

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
    // The widget sets a valid accent on itself; none chosen any more, the last one goes.
    if (!this.accent) widget.style.removeProperty('--petition-accent');
    clearTimeout(this.overlay);
    if (this.texts) this.putTexts(widget, this.texts, 50);
  }

  /**
   * Puts the texts over the loaded campaign; after a change of language, once the widget has its
   * own answer for it (not the answer written here for the last language).
   */
  private putTexts(widget: WidgetInternals, texts: CampaignTexts, tries: number): void {
    const data = widget.data;
    if (data && (data !== this.written || this.writtenLanguage === this.language)) {
      // The campaign's wording overrides go over the interface words, as the server merges them.
      const { strings: own, ...shown } = texts;
      const strings = this.strings ? { ...this.strings, ...own } : data.strings;
      const lang = this.language || data.lang;
      widget.data = this.written = { ...data, lang, strings, texts: shown as CampaignTexts };
      this.writtenLanguage = this.language;
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
      accent=${this.accent || nothing}
      refresh="30"
    ></petition-widget>`;
  }
}

define('console-widget-preview', ConsoleWidgetPreview);
