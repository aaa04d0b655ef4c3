/**
 * Loads widget.js's second chunk (thanks-chunk.ts), once for the page, from the origin widget.js
 * came from: a partner's strict CSP that allows our scripts allows it, and the server answers it
 * with CORS, as module scripts need. The build writes the chunk's versioned path (cached for a
 * year) into widget.js; from source (the widget tests) the plain path. A failed load is tried
 * again when next asked (the thank-you then draws without it: thanksFallback).
 */
import type * as Thanks from './thanks-chunk.ts';

export type ThanksChunk = typeof Thanks;

declare const __THANKS_CHUNK__: string | undefined;

let loading: Promise<ThanksChunk> | null = null;

export function loadThanks(api: string): Promise<ThanksChunk> {
  const path = typeof __THANKS_CHUNK__ === 'string' ? __THANKS_CHUNK__ : '/widget-thanks.js';
  loading ??= (import(/* @vite-ignore */ api + path) as Promise<ThanksChunk>).catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}
