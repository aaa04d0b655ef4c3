/**
 * Calls a host's refresh every so often while the page is visible: live totals without a
 * hidden tab polling the server all day.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How often live figures are read again, ms. */
export const REFRESH_MS = 15_000;

export class RefreshController implements ReactiveController {
  #timer = 0;

  constructor(
    host: ReactiveControllerHost,
    private readonly refresh: () => void,
    private readonly every = REFRESH_MS,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') this.refresh();
    }, this.every);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
  }
}
