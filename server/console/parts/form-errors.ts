/**
 * What is wrong with a form, said where it is: each refused field is marked (`aria-invalid`, its
 * message under it, linked by `aria-describedby`: see field.ts), focus moves to the first, and a
 * summary at the end of the form links to each. The summary sticks to the bottom of the window
 * (console.css), so it stays in view however far up the first field is.
 *
 * Problems come first from the browser's own checks of the controls (required, maxlength, type,
 * min, pattern), worded here with the field's label, before anything is sent; then from the API's
 * refusal: each of its per-field errors lands on the control of the same name, in the API's words
 * (they name the rule); one without such a control (a campaign's nested texts) stays in the summary.
 */
import { html, nothing } from 'lit';
import type { ReactiveControllerHost } from 'lit';
import type { ApiTask, Work } from '../task.ts';

/** An input, a textarea or a select: what is read here (validity, labels, limits) they share. */
type Control = HTMLInputElement;

/** One problem: the control's id ('' when no control has it) and what is wrong, in a sentence. */
interface Problem {
  id: string;
  message: string;
}

/** The label of a control without its explanation in brackets: "Slug (its address…)" -> "Slug". */
const labelOf = (control: Control) =>
  control.labels?.[0]?.textContent?.replace(/\s*\(.*$/s, '').trim() || control.name;

/** What the browser found wrong with a control, as a sentence naming it. */
function sentence(control: Control): string {
  const label = labelOf(control);
  const { validity } = control;
  if (validity.valueMissing) return `${label} is required.`;
  if (validity.tooLong) return `${label} is at most ${control.maxLength} characters.`;
  if (validity.patternMismatch) return `${label}: ${control.title}`;
  if (validity.typeMismatch) {
    return control.type === 'email'
      ? `${label} is an email address, such as name@example.org.`
      : `${label} is a web address, such as https://example.org/privacy.`;
  }
  return `${label} is a whole number${control.min ? ` from ${control.min}` : ''}.`;
}

/** A form's problems, for one element's template. */
export class FormErrors {
  problems: Problem[] = [];
  /** What the API said of the whole request ("Some fields need attention."). */
  private detail = '';

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {}

  /** The message of the control with this id, if it has a problem. */
  of(id: string): string | undefined {
    return this.problems.find((problem) => problem.id === id)?.message;
  }

  /** Forgets the problems (the form was reset or changed language). */
  clear(): void {
    this.show([]);
  }

  /**
   * Runs `work` for `form` once its controls pass the browser's checks; when the API refuses it
   * field by field, the problems go on the fields instead of under the button. Resolves with the
   * work's value, or undefined when nothing was sent or it failed.
   */
  async submit<T>(form: HTMLFormElement, task: ApiTask<T>, work: Work<T>): Promise<T | undefined> {
    const invalid = new Map<string, Problem>();
    for (const control of form.elements as unknown as Iterable<Control>) {
      // One problem a name: a group of radios is one question.
      if (control.willValidate && !control.validity.valid && !invalid.has(control.name))
        invalid.set(control.name, { id: control.id, message: sentence(control) });
    }
    if (invalid.size) return void this.show([...invalid.values()], form);
    this.show([]);
    const value = await task.run(work);
    const refused = task.error;
    if (refused?.errors.length) {
      // Said here, on the fields, rather than once more under the button.
      task.error = null;
      const controls = form.elements;
      const problems = refused.errors.map(({ field, message }) => {
        const named = controls.namedItem(field);
        const control = (named instanceof RadioNodeList ? named[0] : named) as Element | null;
        return { id: control?.id ?? '', message };
      });
      this.show(problems, form, refused.detail);
    }
    return value;
  }

  private async show(problems: Problem[], form?: HTMLFormElement, detail = ''): Promise<void> {
    this.problems = problems;
    this.detail = detail;
    this.host.requestUpdate();
    if (!form) return;
    await this.host.updateComplete;
    const first = problems.find((problem) => problem.id)?.id;
    const target = first ? form.querySelector(`#${first}`) : form.querySelector('.form-problems');
    (target as HTMLElement | null)?.focus();
  }

  /** The summary, for the end of the form: each problem, linked to its field. */
  summary() {
    if (!this.problems.length) return nothing;
    return html`<div class="problem form-problems" role="alert" tabindex="-1">
      <p>${this.detail || 'Some fields need attention.'}</p>
      <ul>
        ${this.problems.map(
          ({ id, message }) =>
            html`<li>
              ${
                id
                  ? html`<a href="#${id}" @click=${(event: Event) => focusField(event, id)}
                    >${message}</a
                  >`
                  : message
              }
            </li>`,
        )}
      </ul>
    </div>`;
  }
}

/** The summary's links focus their field (the URL's hash is the console's route: not changed). */
function focusField(event: Event, id: string): void {
  event.preventDefault();
  document.getElementById(id)?.focus();
}
