/**
 * The console's download worker, served at /admin/download-worker.js with scope /admin/: it lets a
 * CSV export stream to disk through the browser's own download manager, so a million rows are
 * never held in the tab, and the key is never put in a URL.
 *
 * The page posts an order (a one-time id, the export's path, the Authorization value) with a
 * MessagePort, then navigates to /admin/download/<id>. The worker answers that navigation once,
 * within a minute, with the export it fetched itself with the key in the Authorization header,
 * passed through as it arrives as an attachment, and reports bytes and lines on the port. An id
 * it does not hold gets 204, which leaves the page where it is.
 */

/** The page's order (see parts/worker-download.ts). */
interface Order {
  type: 'download';
  id: string;
  path: string;
  authorization: string;
}

/** What the worker tells the page on the order's port. */
export type WorkerReport =
  | { type: 'ready' }
  | { type: 'started'; name: string }
  | { type: 'progress'; bytes: number; lines: number }
  | { type: 'done'; bytes: number; lines: number }
  | {
      type: 'failed';
      status: number;
      detail: string;
      errors: { field: string; message: string }[];
    };

interface Held {
  order: Order;
  port: MessagePort;
  expiry: ReturnType<typeof setTimeout>;
}

/** The parts of a service worker's global scope and fetch event used here (the DOM lib lacks them). */
interface FetchEventLike {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface WorkerScope {
  addEventListener(type: 'install', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  skipWaiting(): Promise<void>;
}

const scope = self as unknown as WorkerScope;

/** How long an order waits for its navigation. */
const ORDER_MS = 60_000;
/** How often progress is reported at most, ms. */
const PROGRESS_MS = 100;
const held = new Map<string, Held>();
const DOWNLOAD_PATH = /^\/admin\/download\/([\w-]{20,64})$/;
/** Only the exports: an order cannot make the worker fetch anything else with the key. */
const EXPORT_PATH = /^\/campaigns\/[^/?#]+\/((signatures|delivery)\.csv|delivery\.pdf)$/;

// A newer worker takes over at once: a page never talks to an old one after an update.
scope.addEventListener('install', () => void scope.skipWaiting());

scope.addEventListener('message', (event) => {
  const order = event.data as Order;
  const port = event.ports[0];
  if (!port || order?.type !== 'download' || !DOWNLOAD_PATH.test(`/admin/download/${order.id}`))
    return;
  if (!EXPORT_PATH.test(order.path) || typeof order.authorization !== 'string') {
    port.postMessage({
      type: 'failed',
      status: 0,
      detail: 'Only exports download here.',
      errors: [],
    });
    return;
  }
  const expiry = setTimeout(() => held.delete(order.id), ORDER_MS);
  held.set(order.id, { order, port, expiry });
  port.postMessage({ type: 'ready' } satisfies WorkerReport);
});

scope.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const match = url.origin === location.origin ? DOWNLOAD_PATH.exec(url.pathname) : null;
  if (!match) return;
  const found = held.get(match[1]);
  // Once only: the id is spent whatever happens next.
  held.delete(match[1]);
  if (found) clearTimeout(found.expiry);
  event.respondWith(found ? answer(found) : new Response(null, { status: 204 }));
});

/** The export, fetched with the key and passed through as an attachment. */
async function answer({ order, port }: Held): Promise<Response> {
  const report = (message: WorkerReport) => port.postMessage(message);
  const abort = new AbortController();
  port.onmessage = (event) => {
    if (event.data === 'cancel') abort.abort();
  };
  let response: Response;
  try {
    response = await fetch(`/api/admin${order.path}`, {
      headers: { Authorization: order.authorization },
      cache: 'no-store',
      signal: abort.signal,
    });
  } catch {
    report({ type: 'failed', status: 0, detail: 'The server could not be reached.', errors: [] });
    return new Response(null, { status: 204 });
  }
  if (!response.ok || !response.body) {
    const problem = await response.json().catch(() => ({}));
    const detail = problem.detail ?? problem.title ?? `The server answered ${response.status}.`;
    report({ type: 'failed', status: response.status, detail, errors: problem.errors ?? [] });
    return new Response(null, { status: 204 });
  }
  const disposition = response.headers.get('content-disposition') ?? 'attachment';
  report({ type: 'started', name: /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? 'export.csv' });
  let bytes = 0;
  let lines = 0;
  let shown = 0;
  const counting = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      controller.enqueue(chunk);
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines++;
      if (Date.now() - shown > PROGRESS_MS) {
        shown = Date.now();
        report({ type: 'progress', bytes, lines });
      }
    },
    flush: () => report({ type: 'done', bytes, lines }),
  });
  // Stopped in the browser's downloads, or by the page's Cancel: the page is told.
  const stopped = () =>
    report({ type: 'failed', status: 0, detail: 'The download was stopped.', errors: [] });
  abort.signal.addEventListener('abort', stopped);
  const body = response.body.pipeThrough(counting, { signal: abort.signal });
  const tee = body.getReader();
  const passed = new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      const { done, value } = await tee.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => {
      if (!abort.signal.aborted) stopped();
      return tee.cancel(reason);
    },
  });
  return new Response(passed, {
    headers: {
      'Content-Type': response.headers.get('content-type') ?? 'text/csv; charset=utf-8',
      'Content-Disposition': disposition,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
