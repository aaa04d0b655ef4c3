/**
 * Where the real test server is, and reading text: no widget import here, so a test of the
 * built bundle can use it without defining the element from source first.
 */
let api: Promise<string> | null = null;

/** The URL of the real test server (another origin than this page). */
export function apiUrl(): Promise<string> {
  api ??= fetch('/__api')
    .then((response) => response.json())
    .then((body: { url: string }) => body.url.replace('127.0.0.1', 'localhost'));
  return api;
}

/** Text of an element, squashed. */
export function textOf(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
