/**
 * Stopping without cutting anyone off, within a deadline.
 *
 * On SIGTERM the server first says it is going (`/readyz` answers 503) but keeps accepting for a
 * short drain: connections the kernel already accepted into the listen backlog, and requests a
 * balancer sent before it saw the 503, are in flight too, and closing the listener would reset
 * them. Every answer from then on carries `Connection: close`, so keep-alive sockets end after
 * their request instead of being cut between two. After the drain the listener closes; requests
 * still running (a signature waiting for its commit) finish, and at the deadline whatever is left
 * (a slow download, a client that trickles its body) is cut.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Lifecycle } from '../http/app-deps.ts';

/**
 * The drain is a quarter of the deadline, and 5 s at most: long enough for a balancer polling
 * /readyz or an endpoint list to stop sending new connections, short against the deadline.
 */
export const MAX_DRAIN_MS = 5000;

/** A request handler that knows about shutdown, and the stop that uses it. */
export function gracefulShutdown(
  lifecycle: Lifecycle,
  handle: (request: IncomingMessage, response: ServerResponse) => void,
) {
  const open = new Set<ServerResponse>();
  const closeAfter = (response: ServerResponse) => {
    if (!response.headersSent) response.setHeader('Connection', 'close');
  };
  return {
    handler(request: IncomingMessage, response: ServerResponse): void {
      if (lifecycle.draining) closeAfter(response);
      else {
        open.add(response);
        response.once('close', () => open.delete(response));
      }
      handle(request, response);
    },

    /** Drains, closes the listener, waits for in-flight requests until the deadline. */
    stop(server: Server, deadlineMs: number): Promise<void> {
      lifecycle.draining = true;
      for (const response of open) closeAfter(response);
      return new Promise((done) => {
        const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
        setTimeout(
          () => {
            server.close(() => {
              clearTimeout(deadline);
              done();
            });
            // Idle keep-alive sockets would hold close() open; sockets with a request finish first.
            server.closeIdleConnections();
          },
          Math.min(MAX_DRAIN_MS, deadlineMs / 4),
        );
      });
    },
  };
}
