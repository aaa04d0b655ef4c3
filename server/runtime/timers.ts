/**
 * Background work on a timer (picking up the admin CLI's changes, forgetting old idempotency
 * records). A throw in a timer callback, or a promise it returns that rejects, would end the
 * process; a locked, full or broken database must not take the server down with it, so each run
 * is caught and logged by its kind (never a message: it may hold data) and the timer goes on.
 */

/** Runs `task` every `ms` without keeping the process alive; returns a function that stops it. */
export function every(
  ms: number,
  name: string,
  task: () => unknown,
  log: (line: Record<string, unknown>) => void,
): () => void {
  const report = (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    log({
      time: new Date().toISOString(),
      level: 'error',
      timer: name,
      error: (error as Error).name,
      code,
    });
  };
  const timer = setInterval(() => {
    try {
      const result = task();
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}
