/**
 * The campaign's answer (GET /api/campaigns/{slug}: texts, interface strings, form token,
 * counter). The host asks for it from `willUpdate` whenever what it is for changed (the API, the
 * campaign, the language or the partner; the first update has them all), so a change made before
 * the first render costs no request of its own. A load asked for while disconnected, or cut by a
 * disconnect, runs when the host connects again. Each load has its own AbortController; a stale
 * answer is dropped.
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

/** The answer the frame page carries (frame-child.ts): the first load takes it, unasked. */
let preloaded: CampaignAnswer | null = null;
export function preloadCampaign(answer: CampaignAnswer): void {
  preloaded = answer;
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
  /** A load was asked for and has not answered yet. */
  #wanted = false;

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

  hostConnected(): void {
    if (this.#wanted) void this.load();
  }

  hostDisconnected(): void {
    this.#abort?.abort();
  }

  /** Loads now, or when the host connects. */
  request(): void {
    this.#wanted = true;
    if (this.#host.isConnected) void this.load();
  }

  async load(): Promise<void> {
    const { api, slug, languages, partner } = this.#request();
    this.#wanted = !!slug;
    if (!slug) return;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.failed = false;
    this.#host.requestUpdate();
    try {
      const data =
        preloaded?.slug === slug
          ? preloaded
          : await fetchCampaign(api, slug, languages, partner, abort.signal);
      preloaded = null;
      if (abort.signal.aborted) return;
      this.#wanted = false;
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
