/**
 * The log's writer: the lines of one turn of the event loop go out in one write, at the end of
 * that turn, instead of one synchronous write a line.
 *
 * Under load a turn answers many requests (a committed batch resolves them all at once, and one
 * poll of the sockets reads many), and a write to stdout (a pipe or a file: synchronous in Node on
 * Linux) costs a system call each. A line is never held longer than the turn it was written in:
 * `setImmediate` runs once the turn's I/O callbacks are done, so an idle server writes each line
 * at once, and a crash (kill -9, the power) loses only the lines of the turn it interrupts, at most
 * `MAX_BUFFER` characters. On a normal exit, or one from an uncaught error, the rest goes out.
 */

/** More than this waiting, and the lines go out before the turn ends. */
export const MAX_BUFFER = 64 * 1024;

/** Gathers lines and hands them to `write` together, once a turn (or when `MAX_BUFFER` is full). */
export function lineBuffer(write: (text: string) => void) {
  let lines: string[] = [];
  let size = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (!lines.length) return;
    const text = lines.join('');
    lines = [];
    size = 0;
    write(text);
  };
  return {
    /** Adds a line (ending in a newline); it goes out at the end of this turn. */
    add(line: string): void {
      lines.push(line);
      size += line.length;
      if (size >= MAX_BUFFER) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

let stdout: ReturnType<typeof lineBuffer> | undefined;

/** The process's one buffer in front of stdout (made on first use), flushed on exit too. */
export function stdoutLines(): ReturnType<typeof lineBuffer> {
  if (!stdout) {
    const buffer = lineBuffer((text) => process.stdout.write(text));
    // 'exit' comes after process.exit() and after an uncaught error too; writes there are
    // synchronous to a file or a pipe, so the last turn's lines are not lost with the process.
    process.on('exit', buffer.flush);
    stdout = buffer;
  }
  return stdout;
}

let lastMs = 0;
let lastTime = '';

/** Now as an ISO 8601 time for a log line: made once a millisecond, however many lines it has. */
export function logTime(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = new Date(now).toISOString();
  }
  return lastTime;
}
