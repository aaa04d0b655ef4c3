/**
 * Finding strace for the fsync-before-acknowledge test. With `--ensure` (as `npm test` runs it),
 * a missing strace is installed from Debian's packages when we are root with apt-get; otherwise it
 * stops with a message that says how.
 */
import { execFileSync } from 'node:child_process';
import { aptInstall } from './debian.ts';

/** The strace binary's path, or null when there is none. */
export function findStrace(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v strace'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Finds strace, installing Debian's when we can; exits with instructions when we cannot. */
export function ensureStrace(): string {
  const found = findStrace() ?? (aptInstall(['strace']) ? findStrace() : null);
  if (found) return found;
  console.error(
    'The fsync-before-acknowledge test needs strace. Install it (Debian/Ubuntu: sudo apt-get install strace), ' +
      'then run npm test again.',
  );
  process.exit(1);
}

if (process.argv[1]?.endsWith('strace.ts') && process.argv.includes('--ensure'))
  console.log(ensureStrace());
