/**
 * A destructive action in two clicks (erase, remove, revoke): the first asks, the second does it
 * or cancels. Inline buttons rather than window.confirm(), which a screen reader announces poorly
 * and which blocks the page.
 */
import { html } from 'lit';
import type { TemplateResult } from 'lit';

/** The words and handlers of one two-click action. */
export interface ConfirmAction {
  /** Is the second click awaited? */
  open: boolean;
  /** The first button ("Erase…"), and what it acts on, for its accessible name. */
  ask: string;
  subject: string;
  /** The second button ("Erase for good"). */
  confirm: string;
  onAsk: () => void;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The buttons of a two-click action. */
export function confirmAction(action: ConfirmAction): TemplateResult {
  if (!action.open) {
    return html`<button
      type="button"
      class="danger"
      aria-label="${action.ask} ${action.subject}"
      @click=${action.onAsk}
    >
      ${action.ask}
    </button>`;
  }
  return html`<button type="button" class="danger" @click=${action.onConfirm}>
      ${action.confirm}
    </button>
    <button type="button" class="quiet" @click=${action.onCancel}>Cancel</button>`;
}
