/**
 * The page's side of the download worker (../download-worker.ts): registers it once, hands it an
 * export to fetch (the path and the Authorization value go by postMessage, never in a URL), then
 * navigates to the order's one-time URL, which the worker answers with the streamed file as an
 * attachment: the browser's download manager writes it to disk as it arrives.
 *
 * Service workers need a secure context (https, or http on localhost / 127.0.0.1): elsewhere
 * `downloadWorker()` resolves to null and the caller keeps the file in memory instead.
 */
import type { WorkerReport } from '../download-worker.ts';
import { ApiError } from '../api.ts';

/** The worker's script, served by routes/console.ts beside the page. */
const WORKER_URL = '/admin/download-worker.js';
/** How long the worker may take to answer the order and then the navigation. */
const START_MS = 30_000;

let registered: Promise<ServiceWorker | null> | undefined;

/** The active download worker, or null where service workers cannot run. */
export function downloadWorker(): Promise<ServiceWorker | null> {
  registered ??= register().catch(() => null);
  return registered;
}

async function register(): Promise<ServiceWorker | null> {
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.register(WORKER_URL, { scope: '/admin/' });
  // The page (/admin) is outside the scope and never controlled: the worker only answers the
  // navigations to /admin/download/…, so `navigator.serviceWorker.ready` would never settle.
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!worker) return null;
  if (worker.state === 'activated') return worker;
  await new Promise<void>((resolve, reject) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve();
      if (worker.state === 'redundant') reject(new Error('The download worker did not start.'));
    });
  });
  return worker;
}

/** Progress as the worker reports it. */
export interface Streamed {
  name: string;
  bytes: number;
  lines: number;
}

/** Streams the export at `path` (under /api/admin) to disk; resolves when the file is complete. */
export function streamToDisk(
  worker: ServiceWorker,
  path: string,
  authorization: string,
  signal: AbortSignal,
  progress: (streamed: Streamed) => void,
): Promise<Streamed> {
  const id = crypto.randomUUID();
  const { port1, port2 } = new MessageChannel();
  const streamed: Streamed = { name: 'export.csv', bytes: 0, lines: 0 };
  return new Promise<Streamed>((resolve, reject) => {
    // A worker may be stopped when idle; a message now and then keeps it up while it streams.
    const keepAlive = setInterval(() => port1.postMessage('ping'), 10_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      clearInterval(keepAlive);
      port1.close();
      reject(error);
    };
    const timer = setTimeout(() => fail(new ApiError(0, 'The download did not start.')), START_MS);
    signal.addEventListener('abort', () => {
      port1.postMessage('cancel');
      fail(new ApiError(0, 'The download was stopped.'));
    });
    port1.onmessage = ({ data }: MessageEvent<WorkerReport>) => {
      switch (data.type) {
        case 'ready':
          // A plain navigation: answered by the worker as an attachment, the page stays.
          location.assign(`/admin/download/${id}`);
          return;
        case 'started':
          clearTimeout(timer);
          streamed.name = data.name;
          return progress(streamed);
        case 'progress':
          return progress(Object.assign(streamed, { bytes: data.bytes, lines: data.lines }));
        case 'done':
          clearInterval(keepAlive);
          port1.close();
          return resolve(Object.assign(streamed, { bytes: data.bytes, lines: data.lines }));
        case 'failed':
          return fail(new ApiError(data.status, data.detail, data.errors));
      }
    };
    worker.postMessage({ type: 'download', id, path, authorization }, [port2]);
  });
}
