/** Copying a field's text with one click: a new key, a webhook's secret, the embed tag. */

/** Copies the field's text; returns what to say. Without clipboard access, selects it for Ctrl+C. */
export async function copyField(
  field: HTMLInputElement | HTMLTextAreaElement,
  next: string,
): Promise<string> {
  try {
    await navigator.clipboard.writeText(field.value);
    return `Copied: ${next}.`;
  } catch {
    // No clipboard permission (an old browser, a locked-down profile).
    field.select();
    return 'The browser did not let the console copy: the text is selected, press Ctrl+C (⌘C).';
  }
}
