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
