/**
 * The texts of the confirmation path: the mails (confirm, reminder, already signed) and the page
 * behind their link, one JSON file a language in server/i18n/confirmation/, beside the widget's
 * interface texts (server/i18n/*.json). Kept apart from those because the widget never needs
 * them: the campaign answer carries the interface texts to every reader, and these stay here.
 *
 * Checked at start (i18n/text-folder.ts): every interface language has its confirmation file, so
 * a supporter who signed in a language reads the mail and the page in it.
 */
import { fill, readTextFolder } from '../i18n/text-folder.ts';

type English = typeof import('../i18n/confirmation/en.json');
/** The confirmation texts of one language, keyed as English's. */
export type ConfirmationTexts = { [K in keyof English]: string };

const TEXTS = readTextFolder<ConfirmationTexts>('confirmation', 'its confirmation mail and page');

/** The languages the confirmation texts are in (the interface's, checked at start). */
export const CONFIRMATION_LANGUAGES = TEXTS.languages;

/** The texts in the first of the reader's languages this server has (English otherwise). */
export function confirmationTexts(wanted: string | undefined): ConfirmationTexts {
  return TEXTS.get(wanted);
}

export { fill };
