/**
 * The form's fields: their autofill hints, the checks the server makes too (the same constants
 * from server/contract/public.ts), and the words for an error code, so an error found in the browser and
 * one the server sent back (422) read the same.
 */
import type { FieldErrorCode, FieldName } from '../server/contract/public.ts';
import type { InterfaceStrings } from '../server/i18n/interface-strings.ts';
import { EMAIL_PATTERN, FORBIDDEN_TEXT, LIMITS } from '../server/contract/public.ts';
import { fill } from './strings.ts';

export type FieldErrors = Partial<Record<FieldName, string>>;

/** `autocomplete` hints, so browsers fill the form in one tap. */
export const AUTOCOMPLETE: Record<FieldName, string> = {
  firstName: 'given-name',
  lastName: 'family-name',
  email: 'email',
  city: 'address-level2',
  postalCode: 'postal-code',
  country: 'country-name',
};

/** What is wrong with a (trimmed) value, or null. */
export function checkField(name: FieldName, value: string): FieldErrorCode | null {
  if (!value) return 'required';
  if (value.length > LIMITS[name]) return 'too_long';
  const bad = name === 'email' ? !EMAIL_PATTERN.test(value) : FORBIDDEN_TEXT.test(value);
  return bad ? 'invalid' : null;
}

/** What to tell the supporter about an error code on a field. */
export function errorMessage(name: FieldName, code: FieldErrorCode, t: InterfaceStrings): string {
  const field = t[name];
  if (code === 'required') return fill(t.required, { field });
  if (code === 'too_long') return fill(t.tooLong, { field });
  return name === 'email' ? t.invalidEmail : fill(t.invalid, { field });
}
