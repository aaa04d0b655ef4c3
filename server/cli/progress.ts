/**
 * A progress bar on stderr, so stdout stays clean for pipes. Redrawn at most ten times a second
 * with a carriage return on a terminal; elsewhere (a log, a test) one line per tenth, so a
 * million-row export does not write a million lines.
 */

/** A bar for `total` units; `add` as work is done, `done` at the end. */
export function progressBar(
  label: string,
  total: number,
  stream: NodeJS.WritableStream & { isTTY?: boolean },
) {
  const width = 30;
  const started = performance.now();
  let count = 0;
  let drawnAt = 0;
  let drawnTenth = -1;
  let drawnCount = -1;

  function line(): string {
    const share = total ? Math.min(1, count / total) : 1;
    const filled = Math.round(share * width);
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(count / seconds) : 0;
    const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
    return `${label} [${bar}] ${Math.floor(share * 100)}% ${count}/${total} (${rate}/s)`;
  }

  function draw(final: boolean) {
    if (stream.isTTY) {
      const now = performance.now();
      if (!final && now - drawnAt < 100) return;
      drawnAt = now;
      stream.write(`\r${line()}${final ? '\n' : ''}`);
      return;
    }
    const tenth = total ? Math.floor((count / total) * 10) : 10;
    if (tenth > drawnTenth || (final && count !== drawnCount)) {
      drawnTenth = tenth;
      drawnCount = count;
      stream.write(`${line()}\n`);
    }
  }

  return {
    add(units: number) {
      count += units;
      draw(false);
    },
    done() {
      draw(true);
    },
  };
}
