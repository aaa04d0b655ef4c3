/**
 * `<console-campaign-texts>`: a campaign's texts, one language at a time, edited beside the real
 * widget showing them as they are typed (unsaved). Saving replaces that language's texts.
 */
import { html } from 'lit';
import type { AdminApi } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, STATE } from '../element.ts';
import { languageName } from '../format.ts';
import { EMPTY_TEXTS, textFields, textsOf } from '../parts/text-fields.ts';
import '../parts/widget-preview.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, CampaignTexts, Language } from '../types.ts';

export class ConsoleCampaignTexts extends ConsoleElement {
  static override properties = {
    api: PROP,
    campaign: PROP,
    language: STATE,
    draft: STATE,
    added: STATE,
  };
  api!: AdminApi;
  campaign!: AdminCampaign;
  private language: Language = 'en';
  private draft: CampaignTexts | null = null;
  private readonly save = new ApiTask<AdminCampaign>(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.language = this.campaign.defaultLang;
  }

  /** The saved texts of the language; a new language starts from the default one's, to translate. */
  private get stored(): CampaignTexts {
    const { texts, defaultLang } = this.campaign;
    return texts[this.language] ?? texts[defaultLang] ?? EMPTY_TEXTS;
  }

  /** Languages added here but not saved yet. */
  private added: Language[] = [];

  private handleAdd(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const tag = String(new FormData(form).get('tag') ?? '').trim();
    if (!tag) return;
    form.reset();
    if (!this.languages.includes(tag)) this.added = [...this.added, tag];
    this.language = tag;
    this.draft = null;
    this.save.abort();
  }

  /** The campaign's languages, then those added here. */
  private get languages(): Language[] {
    return [...Object.keys(this.campaign.texts), ...this.added];
  }

  private handleLanguage(event: Event): void {
    this.language = (event.target as HTMLSelectElement).value as Language;
    this.draft = null;
    this.save.abort();
  }

  private handleInput(event: Event): void {
    this.draft = textsOf(event.currentTarget as HTMLFormElement, this.stored.strings);
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const texts = textsOf(event.target as HTMLFormElement, this.stored.strings);
    const path = `/campaigns/${segment(this.campaign.slug)}`;
    const json = { texts: { [this.language]: texts } };
    const saved = await this.save.run((signal) =>
      this.api.json<AdminCampaign>(path, { method: 'PATCH', json, signal }),
    );
    if (saved)
      this.dispatchEvent(new CustomEvent('campaign-changed', { detail: saved, bubbles: true }));
  }

  protected override render() {
    const texts = this.stored;
    const has = (lang: Language) => (this.campaign.texts[lang] ? '' : ' (not saved yet)');
    return html`<h2>Texts</h2>
      <label for="texts-lang">Language</label>
      <select id="texts-lang" @change=${this.handleLanguage}>
        ${this.languages.map(
          (lang) =>
            html`<option value=${lang} ?selected=${lang === this.language}>
              ${languageName(lang)}${has(lang)}
            </option>`,
        )}
      </select>
      <form class="inline add-language" @submit=${this.handleAdd}>
        <label for="texts-new-lang">Add a language (a tag such as de or pt)</label>
        <input
          id="texts-new-lang"
          name="tag"
          required
          maxlength="20"
          pattern="[a-z]{2,3}(-[A-Za-z0-9]{2,8})*"
          autocomplete="off"
        />
        <button type="submit" class="quiet">Add</button>
      </form>
      <div class="editor">
        <form class="texts" @input=${this.handleInput} @submit=${this.handleSubmit}>
          ${textFields(texts)}
          <div class="actions">
            <button type="submit" ?disabled=${this.save.state === 'running'}>
              Save the ${languageName(this.language)} texts
            </button>
          </div>
          ${this.save.status({
            running: 'Saving…',
            done: 'Saved: the widget shows these texts now.',
          })}
        </form>
        <section class="preview" aria-label="Live preview">
          <h3>Live preview ${this.draft ? html`<span class="badge">unsaved</span>` : ''}</h3>
          ${
            this.campaign.status === 'draft'
              ? html`<p class="help">
                A draft campaign is hidden from the public, so the widget cannot load it yet.
              </p>`
              : ''
          }
          <console-widget-preview
            inert
            campaign=${this.campaign.slug}
            language=${this.language}
            .texts=${this.draft}
          ></console-widget-preview>
        </section>
      </div>`;
  }
}

if (!customElements.get('console-campaign-texts'))
  customElements.define('console-campaign-texts', ConsoleCampaignTexts);
