/**
 * Background work on a timer (picking up the admin CLI's changes, forgetting old idempotency
 * records). A throw in a timer callback is an uncaught exception that ends the process; a locked,
 * full or broken database must not take the server down with it, so each run is caught and logged
 * by its kind (never a message: it may hold data) and the timer goes on.
 */

/** Runs `task` every `ms` without keeping the process alive; returns a function that stops it. */
export function every(
  ms: number,
  name: string,
  task: () => unknown,
  log: (line: Record<string, unknown>) => void,
): () => void {
  const timer = setInterval(() => {
    try {
      task();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      log({
        time: new Date().toISOString(),
        level: 'error',
        timer: name,
        error: (error as Error).name,
        code,
      });
    }
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}
