/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: it records every request (headers, raw
 * body) and counts every TCP connection, answers with the status it is told to, can hang (to
 * test the timeout), and can be shut and opened again on the same port (down, then up).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  signature: string;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever an event carries; the shape is what they assert.
  event: { id: string; type: string; createdAt: string; data: any };
}

export async function startReceiver(port = 0) {
  const received: Received[] = [];
  let status = 200;
  let hang = false;
  let requests = 0;
  let connections = 0;
  let open = 0;
  let mostOpen = 0;
  const server = http.createServer((request, response) => {
    requests++;
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (hang) return; // never answers: the sender's timeout decides
      received.push({
        signature: String(request.headers['petition-signature']),
        body,
        event: JSON.parse(body),
      });
      response.writeHead(status).end();
    });
  });
  // Every TCP connection, even one that never makes a request (a TLS hello to plain http).
  server.on('connection', (socket) => {
    connections++;
    mostOpen = Math.max(mostOpen, ++open);
    socket.on('close', () => open--);
  });
  const listen = (at: number) =>
    new Promise<number>((resolve) =>
      server.listen(at, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
  const boundPort = await listen(port);
  return {
    port: boundPort,
    url: `http://127.0.0.1:${boundPort}/hook`,
    received,
    /** Requests that came in, answered or not. */
    requests: () => requests,
    /** TCP connections accepted, whether or not a request came on them. */
    connections: () => connections,
    /** The most connections open at once so far. */
    mostOpen: () => mostOpen,
    /** Events by type, first arrivals only (duplicates are allowed by at-least-once). */
    firsts: (type?: string) => {
      const seen = new Set<string>();
      return received.filter(
        (r) =>
          (type === undefined || r.event.type === type) &&
          !seen.has(r.event.id) &&
          seen.add(r.event.id),
      );
    },
    answer: (code: number) => void (status = code),
    hang: (on: boolean) => void (hang = on),
    /** Stops listening (connections refused) until `open`. */
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    open: () => listen(boundPort),
  };
}
