/**
 * The entry of widget.js's second chunk, widget-thanks.js: what only a supporter who signed
 * needs, and the recent signatures a partner's tag may ask for (data-recent), loaded from the same origin as widget.js once the form is drawn (thanks-loader.ts), so
 * the first paint carries none of it. An ES module, as `import()` loads it; it imports nothing at
 * run time (Lit's `html` is lent by widget.js), and brings its own styles.
 */
export { thanksView } from './thanks-view.ts';
export { recentView, watchRecent } from './recent-view.ts';
export { sheet } from './thanks.styles.ts';
