/**
 * The form's fields: their autofill hints, the checks the server makes too (the same constants
 * from server/contract/public.ts), and the words for an error code, so an error found in the
 * browser and one the server sent back (422) read the same.
 */
import type { FieldError, FieldErrorCode, FieldName } from '../server/contract/public.ts';
import type { InterfaceStrings } from '../server/i18n/interface-strings.ts';
import { EMAIL_PATTERN, FORBIDDEN_TEXT, FIELD_LIMITS } from '../server/contract/public.ts';
import { fill, plural } from './strings.ts';

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
  if (value.length > FIELD_LIMITS[name]) return 'too_long';
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

/** The errors of a submitted form, field by field, in the browser's words. */
export function formErrors(
  values: FormData,
  names: readonly FieldName[],
  t: InterfaceStrings,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const name of names) {
    const code = checkField(name, String(values.get(name) ?? '').trim());
    if (code) errors[name] = errorMessage(name, code, t);
  }
  return errors;
}

/** The server's per-field errors on the form's own fields, in the same words as the browser's. */
export function serverErrors(
  errors: readonly FieldError[],
  names: readonly FieldName[],
  t: InterfaceStrings,
): FieldErrors {
  const shown: FieldErrors = {};
  for (const { field, code } of errors) {
    if (names.includes(field as FieldName))
      shown[field as FieldName] = errorMessage(field as FieldName, code, t);
  }
  return shown;
}

/** How many fields need attention, in words (not only in colour); empty when none. */
export function attentionMessage(errors: FieldErrors, t: InterfaceStrings): string {
  const count = Object.keys(errors).length;
  const { fixErrors, locale } = t;
  return count
    ? fill(plural(fixErrors, count, locale), { count: count.toLocaleString(locale) })
    : '';
}
