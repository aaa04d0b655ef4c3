/**
 * Changes typed but not saved, wherever the console holds them (the texts editor's drafts): a view
 * registers what it holds while it is in the page; the app asks before it leaves that view or
 * signs out (console-app.ts), and the browser asks before the tab closes or reloads.
 */

/** Something holding unsaved changes. */
export interface Unsaved {
  /** What is unsaved, in words ("the English (en) texts"), or '' when nothing is. */
  what(): string;
  /** Forgets the changes. */
  discard(): void;
}

const holders = new Set<Unsaved>();

/** Registers a holder (from its element's connectedCallback). */
export const hold = (holder: Unsaved) => holders.add(holder);

/** Forgets a holder (its element left the page). */
export const release = (holder: Unsaved) => holders.delete(holder);

/** What is unsaved, holder by holder; empty when nothing is. */
export const unsaved = () => [...holders].map((holder) => holder.what()).filter(Boolean);

/** Throws every unsaved change away. */
export function discardAll(): void {
  for (const holder of holders) holder.discard();
}

// The browser's own question: its words, not ours (pages may no longer set them).
addEventListener('beforeunload', (event) => {
  if (unsaved().length) event.preventDefault();
});
