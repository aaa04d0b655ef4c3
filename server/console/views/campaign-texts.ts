/**
 * `<console-campaign-texts>`: a campaign's texts, one language at a time, edited beside the real
 * widget showing them as they are typed (unsaved). Saving replaces that language's texts.
 *
 * Each language keeps its draft while another is edited, until it is saved or discarded; leaving
 * the view with drafts asks first (unsaved.ts). Only the languages the server speaks can be added
 * (a campaign's texts may be in no other), and a right-to-left one is typed right to left.
 */
import { html } from 'lit';
import type { AdminApi, ServerLanguage } from '../api.ts';
import { segment } from '../api.ts';
import { ConsoleElement, PROP, STATE, define } from '../element.ts';
import { languageName } from '../format.ts';
import { FormErrors } from '../parts/form-errors.ts';
import { EMPTY_TEXTS, textFields, textsOf } from '../parts/text-fields.ts';
import '../parts/widget-preview.ts';
import { ApiTask } from '../task.ts';
import type { AdminCampaign, CampaignTexts, Language } from '../types.ts';
import type { Unsaved } from '../unsaved.ts';
import { hold, release } from '../unsaved.ts';

export class ConsoleCampaignTexts extends ConsoleElement {
  static override properties = {
    api: PROP,
    campaign: PROP,
    language: STATE,
    drafts: STATE,
    added: STATE,
  };
  api!: AdminApi;
  campaign!: AdminCampaign;
  private language: Language = 'en';
  /** Each language's texts as typed and not saved yet. */
  private drafts = new Map<Language, CampaignTexts>();
  /** Languages added here but not saved yet. */
  private added: Language[] = [];
  private readonly spoken = new ApiTask<ServerLanguage[]>(this);
  private readonly save = new ApiTask<AdminCampaign>(this);
  private readonly errors = new FormErrors(this);
  private readonly unsaved: Unsaved = {
    what: () => [...this.drafts.keys()].map((lang) => `the ${languageName(lang)} texts`).join(', '),
    discard: () => (this.drafts = new Map()),
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.language = this.campaign.defaultLang;
    hold(this.unsaved);
    void this.spoken.run(() => this.api.languages());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    release(this.unsaved);
  }

  /**
   * The saved texts of the language; a new language starts from the default one's, to translate
   * (without its wording overrides, which are in the default language).
   */
  private get stored(): CampaignTexts {
    const { texts, defaultLang } = this.campaign;
    return texts[this.language] ?? { ...(texts[defaultLang] ?? EMPTY_TEXTS), strings: undefined };
  }

  /** The campaign's languages, then those added here. */
  private get languages(): Language[] {
    const saved = Object.keys(this.campaign.texts);
    return [...saved, ...this.added.filter((tag) => !saved.includes(tag))];
  }

  /** Switches to another language; what was typed in this one stays in its draft. */
  private switchTo(lang: Language): void {
    this.language = lang;
    this.errors.clear();
    this.save.abort();
  }

  private handleAdd(event: SubmitEvent): void {
    event.preventDefault();
    const tag = String(new FormData(event.target as HTMLFormElement).get('tag') ?? '');
    if (!tag) return;
    this.added = [...this.added, tag];
    this.switchTo(tag);
  }

  private handleInput(event: Event): void {
    const texts = textsOf(event.currentTarget as HTMLFormElement, this.stored.strings);
    this.drafts = new Map(this.drafts).set(this.language, texts);
  }

  private forget(lang: Language): void {
    const drafts = new Map(this.drafts);
    drafts.delete(lang);
    this.drafts = drafts;
  }

  private handleDiscard(): void {
    this.forget(this.language);
    this.errors.clear();
  }

  private async handleSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const lang = this.language;
    const path = `/campaigns/${segment(this.campaign.slug)}`;
    const json = { texts: { [lang]: textsOf(form, this.stored.strings) } };
    const saved = await this.errors.submit(form, this.save, (signal) =>
      this.api.json<AdminCampaign>(path, { method: 'PATCH', json, signal }),
    );
    if (!saved) return;
    this.forget(lang);
    this.dispatchEvent(new CustomEvent('campaign-changed', { detail: saved, bubbles: true }));
  }

  protected override render() {
    const spoken = this.spoken.value;
    if (!spoken) return this.spoken.status({ running: 'Loading the languages…' });
    const lang = this.language;
    const name = languageName(lang);
    const draft = this.drafts.get(lang);
    const texts = draft ?? this.stored;
    const language = spoken.find((each) => each.tag === lang);
    const addable = spoken.filter((each) => !this.languages.includes(each.tag));
    const state = (tag: Language) =>
      (this.campaign.texts[tag] ? '' : ' (not saved yet)') +
      (this.drafts.has(tag) ? ' (unsaved changes)' : '');
    return html`<h2>Texts</h2>
      <label for="texts-lang">Language</label>
      <select id="texts-lang" @change=${(event: Event) => this.switchTo((event.target as HTMLSelectElement).value)}>
        ${this.languages.map(
          (tag) =>
            html`<option value=${tag} ?selected=${tag === lang}>
              ${languageName(tag)}${state(tag)}
            </option>`,
        )}
      </select>
      ${
        addable.length
          ? html`<form class="inline add-language" @submit=${this.handleAdd}>
            <label for="texts-new-lang">Add a language the widget speaks</label>
            <select id="texts-new-lang" name="tag">
              ${addable.map(({ tag }) => html`<option value=${tag}>${languageName(tag)}</option>`)}
            </select>
            <button type="submit" class="quiet">Add</button>
          </form>`
          : ''
      }
      <div class="editor">
        <form class="texts" novalidate @input=${this.handleInput} @submit=${this.handleSubmit}>
          ${textFields(texts, this.errors, lang, language?.dir ?? 'ltr')}
          <div class="actions">
            <button type="submit" ?disabled=${this.save.state === 'running'}>
              Save the ${name} texts
            </button>
            ${
              draft
                ? html`<button type="button" class="quiet" @click=${this.handleDiscard}>
                  Discard the ${name} changes
                </button>`
                : ''
            }
          </div>
          ${this.errors.summary()}
          ${this.save.status({ running: 'Saving…', done: 'Saved: the widget shows these texts now.' })}
        </form>
        <section class="preview" aria-label="Live preview">
          <h3>Live preview ${draft ? html`<span class="badge">unsaved</span>` : ''}</h3>
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
            language=${lang}
            .texts=${texts}
            .strings=${language?.strings ?? null}
          ></console-widget-preview>
        </section>
      </div>`;
  }
}

define('console-campaign-texts', ConsoleCampaignTexts);
