/**
 * The widget's styles. Everything lives in the shadow root; a host page reaches in only through
 * the `--petition-*` custom properties (defaults on :host) and the documented parts.
 *
 * The host page's CSS still applies to the host element itself, and inherited properties still
 * flow in (`* { all: unset }`, a giant font-size), so the one host rule that matters is
 * `!important` (which lets the shadow tree win) and the inner root resets what it inherits.
 * Anything else the layout depends on (the size container, the colour scheme) is set on that
 * inner root, where a host page cannot unset it. While loading (aria-busy), the root keeps 44em,
 * a little less than the shortest form (the demo campaign in five languages, 280-640 px wide), so
 * the host page below moves little when the form draws; a failed load keeps 200px. No CSS
 * comments below: they would ship in widget.js.
 */
import { css } from 'lit';

export const styles = css`
  :host {
    display: block !important;
    --petition-accent: light-dark(#0b57d0, #a8c7fa);
    --petition-text: light-dark(#1b1b1f, #e6e6ea);
    --petition-muted: light-dark(#51525c, #b4b6bf);
    --petition-background: light-dark(#fff, #1b1b1f);
    --petition-surface: light-dark(#f3f4f6, #2a2a30);
    --petition-border: light-dark(#8a8d96, #8e919b);
    --petition-error: light-dark(#b3261e, #ffb4ab);
    --petition-success: light-dark(#146c2e, #8fdc9e);
    --petition-focus: var(--petition-text);
    --petition-radius: 8px;
    --petition-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --petition-font-size: max(1rem, 16px);
  }
  :host([hidden]) {
    display: none !important;
  }
  .root {
    all: initial;
    display: block;
    container-type: inline-size;
    color-scheme: light;
    box-sizing: border-box;
    max-width: 640px;
    padding: clamp(10px, 6%, 20px);
    overflow-wrap: anywhere;
    font-family: var(--petition-font);
    font-size: var(--petition-font-size);
    line-height: 1.5;
    color: var(--petition-text);
    background: var(--petition-background);
    border: 1px solid var(--petition-border);
    border-radius: var(--petition-radius);
    text-align: start;
  }
  .root[aria-busy] {
    display: grid;
    place-content: center;
    justify-items: center;
    min-height: 200px;
  }
  .root[aria-busy='true'] {
    min-height: 44em;
  }
  .root[aria-busy='true'] .spinner {
    width: 2em;
    height: 2em;
    margin: 0;
  }
  :host([theme='dark']) .root {
    color-scheme: dark;
  }
  :host([theme='auto']) .root {
    color-scheme: light dark;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2 {
    margin: 0 0 12px;
    font-size: 1.5em;
    line-height: 1.2;
  }
  p {
    margin: 0 0 16px;
  }
  a {
    color: inherit;
  }
  .tally {
    margin: 0 0 16px;
    padding: 12px 16px;
    background: var(--petition-surface);
    border-radius: var(--petition-radius);
  }
  .counter {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0 0.3em;
    margin: 0;
    font-weight: 600;
  }
  .counter strong {
    font-size: 2em;
    font-weight: 800;
    line-height: 1.15;
    font-variant-numeric: tabular-nums;
  }
  progress {
    appearance: none;
    display: block;
    width: 100%;
    height: 12px;
    margin: 8px 0 6px;
    border: 1px solid var(--petition-border);
    border-radius: 6px;
    overflow: hidden;
    background: var(--petition-background);
  }
  progress::-webkit-progress-bar {
    background: var(--petition-background);
  }
  progress::-webkit-progress-value {
    background: var(--petition-accent);
    transition: width 0.6s ease-out;
  }
  progress::-moz-progress-bar {
    background: var(--petition-accent);
  }
  .goal {
    margin: 0;
    font-size: 0.875em;
    color: var(--petition-muted);
  }
  details {
    margin: 0 0 20px;
    padding: 0 14px;
    border: 1px solid var(--petition-border);
    border-radius: var(--petition-radius);
    font-size: 0.9375em;
  }
  summary {
    padding: 10px 0;
    cursor: pointer;
    font-weight: 600;
  }
  ul {
    margin: 0 0 16px;
    padding-inline-start: 1.25em;
  }
  form {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 16px;
  }
  @container (min-width: 340px) {
    form {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
    .wide {
      grid-column: 1 / -1;
    }
  }
  .field {
    display: grid;
    gap: 6px;
    align-content: start;
  }
  label {
    font-weight: 600;
    font-size: 0.9375em;
  }
  input[type='text'],
  input[type='email'] {
    font: inherit;
    color: var(--petition-text);
    background: var(--petition-background);
    width: 100%;
    min-width: 0;
    min-height: 44px;
    padding: 8px 12px;
    border: 1px solid var(--petition-border);
    border-radius: var(--petition-radius);
  }
  :focus-visible {
    outline: 3px solid var(--petition-focus);
    outline-offset: 2px;
  }
  input[aria-invalid='true'] {
    border-color: var(--petition-error);
    box-shadow: 0 0 0 2px var(--petition-error);
  }
  .error,
  .alert {
    margin: 0;
    color: var(--petition-error);
    font-size: 0.875em;
    font-weight: 600;
  }
  .error::before,
  .alert::before {
    content: '!' / '';
    display: inline-grid;
    place-items: center;
    width: 1.3em;
    height: 1.3em;
    margin-inline-end: 6px;
    border-radius: 50%;
    background: var(--petition-error);
    color: var(--petition-background);
    font-size: 0.85em;
    font-weight: 800;
    vertical-align: 0.1em;
  }
  .consent {
    display: grid;
    gap: 8px;
    font-size: 0.875em;
    color: var(--petition-muted);
  }
  .consent p {
    margin: 0;
  }
  .consent a {
    color: var(--petition-text);
  }
  .check {
    display: flex;
    gap: 12px;
    align-items: flex-start;
    margin-block-end: 4px;
    font-size: 1.0715em;
    font-weight: 400;
    color: var(--petition-text);
  }
  .check input {
    font: inherit;
    width: 1.25em;
    height: 1.25em;
    margin: 0.1em 0 0;
    flex: none;
    accent-color: var(--petition-accent);
  }
  button {
    font: inherit;
    font-weight: 700;
    min-height: 48px;
    padding: 10px 20px;
    border: 0;
    border-radius: var(--petition-radius);
    background: var(--petition-accent);
    color: var(--petition-accent-text, var(--accent-text, #fff));
    cursor: pointer;
  }
  button:hover {
    box-shadow: inset 0 0 0 99px rgb(0 0 0 / 0.1);
  }
  button[type='submit'] {
    font-size: 1.125em;
  }
  button[aria-disabled='true'] {
    cursor: progress;
  }
  .status {
    margin: 0;
  }
  .status:empty {
    display: none;
  }
  .notice {
    padding: 12px 14px;
    border-inline-start: 4px solid var(--petition-muted);
    border-radius: var(--petition-radius);
    background: var(--petition-surface);
    font-size: 0.9375em;
  }
  .thanks {
    margin: 0 0 16px;
    padding: 24px 16px 16px;
    text-align: center;
    background: var(--petition-surface);
    border-radius: var(--petition-radius);
  }
  .thanks h2 {
    margin-block-end: 8px;
    font-size: 1.375em;
  }
  .honeypot {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  input[readonly] {
    opacity: 0.7;
  }
  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    margin-inline-end: 8px;
    vertical-align: -0.15em;
    border: 2px solid;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    progress::-webkit-progress-value {
      transition: none;
    }
    .spinner {
      animation: none;
    }
  }
`;
