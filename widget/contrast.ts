/**
 * WCAG 2 contrast, for the button's text on the partner's accent colour: colours come from
 * getComputedStyle, which writes them `rgb(r, g, b)` (or `rgba`).
 */
/** WCAG 2 relative luminance of an `rgb()` colour as getComputedStyle gives it. */
function luminance(color: string): number {
  const [r, g, b] = (color.match(/[\d.]+/g) ?? []).map((part) => {
    const channel = Number(part) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG 2 contrast ratio of two `rgb()` colours (1 to 21). */
export function contrastRatio(one: string, two: string): number {
  const [light, dark] = [luminance(one), luminance(two)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The button's text on the partner's accent: when the page set only `--petition-accent`, black
 * or white, whichever reads better on it (`--accent-text` on the widget's root); when it set both
 * and they read below 4.5:1, a warning naming the two. Returns whether it warned.
 */
export function fitButtonText(host: HTMLElement, root: HTMLElement, warned: boolean): boolean {
  const button = root.querySelector<HTMLElement>('button:not(.secondary)');
  if (!button) return warned;
  const style = getComputedStyle(button);
  const accent = style.backgroundColor;
  if (!getComputedStyle(host).getPropertyValue('--petition-accent-text')) {
    const black =
      contrastRatio(accent, 'rgb(0, 0, 0)') >= contrastRatio(accent, 'rgb(255, 255, 255)');
    root.style.setProperty('--accent-text', black ? '#000' : '#fff');
  } else if (!warned && contrastRatio(accent, style.color) < 4.5) {
    const ratio = contrastRatio(accent, style.color).toFixed(2);
    console.warn(
      `petition-widget: --petition-accent-text on --petition-accent reads at ${ratio}:1, below 4.5:1.`,
    );
    return true;
  }
  return warned;
}
