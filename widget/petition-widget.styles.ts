/**
 * The widget's styles. Everything lives in the shadow root; a host page reaches in only through
 * the `--petition-*` custom properties (defaults on :host) and the documented parts.
 *
 * The host page's CSS still applies to the host element itself, and inherited properties still
 * flow in (`* { all: unset }`, a giant font-size), so the few host rules that matter are
 * `!important` (which lets the shadow tree win) and the inner root resets what it inherits.
 */
import { css } from 'lit';

export const styles = css`
  :host {
    display: block !important;
    container-type: inline-size;
    color-scheme: light;
    --petition-accent: light-dark(#0b57d0, #a8c7fa);
    --petition-accent-text: light-dark(#ffffff, #062e6f);
    --petition-text: light-dark(#1b1b1f, #e6e6ea);
    --petition-muted: light-dark(#51525c, #b4b6bf);
    --petition-background: light-dark(#ffffff, #1b1b1f);
    --petition-surface: light-dark(#f3f4f6, #2a2a30);
    --petition-border: light-dark(#8a8d96, #8e919b);
    --petition-error: light-dark(#b3261e, #ffb4ab);
    --petition-success: light-dark(#146c2e, #8fdc9e);
    --petition-radius: 8px;
    --petition-font: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --petition-font-size: 16px;
  }
  :host([hidden]) {
    display: none !important;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([theme='auto']) {
    color-scheme: light dark;
  }
  .root {
    all: initial;
    display: block;
    box-sizing: border-box;
    padding: 20px;
    font-family: var(--petition-font);
    font-size: var(--petition-font-size);
    line-height: 1.5;
    color: var(--petition-text);
    background: var(--petition-background);
    border: 1px solid var(--petition-border);
    border-radius: var(--petition-radius);
    text-align: start;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2 {
    margin: 0 0 4px;
    font-size: 1.5em;
    line-height: 1.2;
  }
  p {
    margin: 0 0 12px;
  }
  a {
    color: inherit;
  }
  .counter {
    margin: 0 0 12px;
    font-size: 1.05em;
  }
  .counter strong {
    font-size: 1.6em;
    font-variant-numeric: tabular-nums;
    margin-inline-end: 0.2em;
  }
  progress {
    appearance: none;
    display: block;
    width: 100%;
    height: 10px;
    margin: -4px 0 4px;
    border: 0;
    border-radius: 5px;
    overflow: hidden;
    background: var(--petition-surface);
  }
  progress::-webkit-progress-bar {
    background: var(--petition-surface);
  }
  progress::-webkit-progress-value {
    background: var(--petition-accent);
    transition: width 0.6s ease-out;
  }
  progress::-moz-progress-bar {
    background: var(--petition-accent);
  }
  .goal {
    font-size: 0.875em;
    color: var(--petition-muted);
  }
  details {
    margin: 0 0 16px;
    padding: 8px 12px;
    background: var(--petition-surface);
    border-radius: var(--petition-radius);
  }
  summary {
    cursor: pointer;
    font-weight: 600;
  }
  details[open] summary {
    margin-bottom: 8px;
  }
  ul {
    margin: 0 0 8px;
    padding-inline-start: 1.25em;
  }
  form {
    display: grid;
    gap: 12px;
  }
  @container (min-width: 420px) {
    form {
      grid-template-columns: 1fr 1fr;
    }
    .wide {
      grid-column: 1 / -1;
    }
  }
  .field {
    display: grid;
    gap: 4px;
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
    min-height: 44px;
    padding: 8px 12px;
    border: 1px solid var(--petition-border);
    border-radius: var(--petition-radius);
  }
  input:focus-visible,
  button:focus-visible,
  a:focus-visible,
  summary:focus-visible {
    outline: 3px solid var(--petition-accent);
    outline-offset: 2px;
  }
  input[aria-invalid='true'] {
    border: 2px solid var(--petition-error);
  }
  .error {
    margin: 0;
    color: var(--petition-error);
    font-size: 0.875em;
    font-weight: 600;
  }
  .consent {
    font-size: 0.875em;
    color: var(--petition-muted);
  }
  .consent p {
    margin: 8px 0 0;
  }
  .check {
    display: flex;
    gap: 10px;
    align-items: flex-start;
    font-weight: 400;
    color: var(--petition-text);
  }
  .check input {
    width: 20px;
    height: 20px;
    margin: 2px 0 0;
    flex: none;
    accent-color: var(--petition-accent);
  }
  button,
  .share a {
    font: inherit;
    font-weight: 700;
    min-height: 48px;
    padding: 10px 20px;
    border: 0;
    border-radius: var(--petition-radius);
    background: var(--petition-accent);
    color: var(--petition-accent-text);
    cursor: pointer;
  }
  button[aria-disabled='true'] {
    opacity: 0.7;
    cursor: progress;
  }
  button.secondary {
    background: transparent;
    color: var(--petition-text);
    border: 1px solid var(--petition-border);
  }
  .status {
    margin: 0;
    min-height: 1.5em;
  }
  .status:empty {
    display: none;
  }
  .thanks {
    padding: 16px;
    background: var(--petition-surface);
    border-radius: var(--petition-radius);
    border-inline-start: 6px solid var(--petition-success);
  }
  .share {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin: 12px 0;
    padding: 0;
    list-style: none;
  }
  .share a {
    display: inline-flex;
    align-items: center;
    min-height: 44px;
    padding: 8px 14px;
    text-decoration: none;
  }
  .honeypot {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
  .spinner {
    display: inline-block;
    width: 1em;
    height: 1em;
    margin-inline-end: 8px;
    vertical-align: -0.15em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
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
