/**
 * Finding strace for the fsync-before-acknowledge test. With `--ensure` (as `npm test` runs it),
 * a missing strace is installed from Debian's packages when we are root with apt-get; otherwise it
 * stops with a message that says how.
 */
import { ensureCommand } from './debian.ts';

/** Finds strace, installing Debian's when we can; exits with instructions when we cannot. */
export function ensureStrace(): string {
  return ensureCommand('strace', 'strace', 'The fsync-before-acknowledge test');
}

if (process.argv[1]?.endsWith('strace.ts') && process.argv.includes('--ensure'))
  console.log(ensureStrace());
