/**
 * The thank-you's and the recent list's own styles, in the second chunk with them (thanks-chunk.ts): widget.js adopts
 * this sheet into the shadow root once the chunk is loaded (a constructed stylesheet, which a
 * strict CSP allows, as it does Lit's own). The panel and its heading stay in widget.js
 * (petition-widget.styles.ts): a closed campaign and a thank-you drawn without the chunk use them.
 */

/** A tag the build minifies the CSS of (minify-css.ts): here, the plain string. */
const css = (strings: TemplateStringsArray) => strings[0];

export const sheet = new CSSStyleSheet();
sheet.replaceSync(css`
  .thanks:not(.closed) h2::before {
    content: '✓' / '';
    display: grid;
    place-items: center;
    width: 48px;
    height: 48px;
    margin: 0 auto 12px;
    border-radius: 50%;
    background: var(--petition-success);
    color: var(--petition-background);
    font-size: 28px;
  }
  .thanks > p {
    margin-block-end: 8px;
  }
  .share {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: 8px;
    padding: 0;
    list-style: none;
  }
  .share a,
  .secondary {
    display: inline-flex;
    align-items: center;
    min-height: 44px;
    padding: 8px 16px;
    font-weight: 600;
    text-decoration: none;
    color: var(--petition-text);
    background: var(--petition-background);
    border: 1px solid var(--petition-border);
    border-radius: var(--petition-radius);
  }
  .secondary {
    background: none;
    border: 0;
    text-decoration: underline;
  }
  .thanks button {
    display: flex;
    align-items: center;
    margin: 8px auto 0;
  }
  .recent {
    margin: -8px 0 16px;
    padding: 0 16px;
    font-size: 0.875em;
    color: var(--petition-muted);
  }
  .recent p {
    margin: 0;
    font-weight: 600;
  }
  .recent ul {
    margin: 2px 0 0;
    padding: 0;
    list-style: none;
  }`);
