/**
 * Focuses `target` and, when its panel is not on screen, brings it there: on a phone the form is
 * far taller than the thank-you that replaces it, which would otherwise end above the viewport.
 */
export function bringToView(target: HTMLElement): void {
  target.focus({ preventScroll: true });
  const box = (target.closest('[part="thanks"]') ?? target).getBoundingClientRect();
  if (box.top < 0 || box.bottom > innerHeight) {
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    target.scrollIntoView({ block: 'center', behavior: still ? 'instant' : 'smooth' });
  }
}
