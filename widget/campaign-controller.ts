/**
 * The campaign's answer (GET /api/campaigns/{slug}: texts, interface strings, form token,
 * counter). Loaded when the element connects, and again when what it was loaded for changes: the
 * API, the campaign, the reader's languages or the partner, even a change made before the first
 * render. Each load has its own AbortController; a stale answer is dropped.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CampaignAnswer } from '../server/i18n/interface-strings.ts';
import { fetchCampaign } from './api.ts';

/** What a load is for; no campaign, no load. */
export interface CampaignRequest {
  api: string;
  slug: string;
  languages: string;
  partner: string;
}

export class CampaignController implements ReactiveController {
  /** The answer, once there is one. */
  data: CampaignAnswer | null = null;
  /** The last load failed (the API could not be reached, or refused). */
  failed = false;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #request: () => CampaignRequest;
  readonly #onLoad: (data: CampaignAnswer) => void;
  #abort: AbortController | null = null;
  /** What the last load was for. */
  #loadedFor = '';

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    request: () => CampaignRequest,
    onLoad: (data: CampaignAnswer) => void,
  ) {
    this.#host = host;
    this.#request = request;
    this.#onLoad = onLoad;
    host.addController(this);
  }

  #key(): string {
    const { api, slug, languages, partner } = this.#request();
    return `${api}|${slug}|${languages}|${partner}`;
  }

  hostConnected(): void {
    if (!this.data || this.#key() !== this.#loadedFor) void this.load();
  }

  hostDisconnected(): void {
    this.#abort?.abort();
  }

  /** After each render: loads again if what the answer is for has changed. */
  reloadIfChanged(): void {
    if (this.#host.isConnected && this.#key() !== this.#loadedFor) void this.load();
  }

  async load(): Promise<void> {
    this.#loadedFor = this.#key();
    const { api, slug, languages, partner } = this.#request();
    if (!slug) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.failed = false;
    this.#host.requestUpdate();
    try {
      const data = await fetchCampaign(api, slug, languages, partner, abort.signal);
      if (abort.signal.aborted) return;
      this.data = data;
      this.#host.requestUpdate();
      this.#onLoad(data);
    } catch {
      if (!abort.signal.aborted) {
        this.failed = true;
        this.#host.requestUpdate();
      }
    }
  }
}
