/**
 * One piece of async work of an element (load, save, download), as a ReactiveController: its
 * state, its progress line and what failed. Each run gets its own AbortController and a newer
 * run drops the older one's result, so a slow answer never overwrites a fresh one.
 */
import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { ApiError } from './api.ts';

/** The event a task sends up when the API refused the key. */
export const UNAUTHORIZED = 'console-unauthorized';

export type TaskState = 'idle' | 'running' | 'done' | 'failed';

/** The work: gets a signal and a way to report progress. */
export type Work<T> = (signal: AbortSignal, progress: (line: string) => void) => Promise<T>;

/** A task of one element. */
export class ApiTask<T> implements ReactiveController {
  state: TaskState = 'idle';
  value: T | undefined;
  error: ApiError | null = null;
  progress = '';
  #abort: AbortController | null = null;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** Runs the work; resolves with its value, or undefined when it failed or was replaced. */
  async run(work: Work<T>): Promise<T | undefined> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.state = 'running';
    this.error = null;
    this.progress = '';
    this.host.requestUpdate();
    const report = (line: string) => {
      if (abort.signal.aborted) return;
      this.progress = line;
      this.host.requestUpdate();
    };
    try {
      const value = await work(abort.signal, report);
      if (abort.signal.aborted) return undefined;
      this.value = value;
      this.state = 'done';
      return value;
    } catch (error) {
      if (abort.signal.aborted) return undefined;
      this.error = error instanceof ApiError ? error : new ApiError(0, (error as Error).message);
      this.state = 'failed';
      // A key revoked or wrong: the app signs out and says why (console-app.ts).
      if (this.error.status === 401) {
        this.host.dispatchEvent(
          new CustomEvent(UNAUTHORIZED, { bubbles: true, detail: this.error }),
        );
      }
      return undefined;
    } finally {
      if (!abort.signal.aborted) this.host.requestUpdate();
    }
  }

  /** Stops the work under way, if any. */
  abort(): void {
    this.#abort?.abort();
    this.#abort = null;
    if (this.state === 'running') this.state = 'idle';
  }

  hostDisconnected(): void {
    this.abort();
  }

  /**
   * The line that says what is happening: progress while running, the outcome when done, the
   * problem when it failed. The status region is always in the page, so screen readers announce
   * what is written into it (a live region added with its text already in it often goes unsaid);
   * a problem is an alert, which is announced when it appears.
   */
  status(words: { running: string; done?: string }): TemplateResult {
    const busy = this.progress || words.running;
    const line =
      this.state === 'running' && busy
        ? html`<p class="busy">${busy}</p>`
        : this.state === 'done' && words.done
          ? html`<p class="done">${words.done}</p>`
          : nothing;
    const failed = this.state === 'failed' && this.error;
    return html`<div class="task-status" role="status">${line}</div>
      ${failed ? problemView(failed) : nothing}`;
  }
}

/** An API problem, as the API said it: its detail, then each field's message. */
export function problemView(error: ApiError): TemplateResult {
  return html`<div class="problem" role="alert">
    <p>${error.detail}</p>
    ${
      error.errors.length
        ? html`<ul>
          ${error.errors.map((item) => html`<li>${item.message}</li>`)}
        </ul>`
        : nothing
    }
  </div>`;
}
