/**
 * Finding HAProxy for the load-balancer test (test/server/haproxy.test.ts). With `--ensure` (as
 * `npm test` runs it), a missing haproxy is installed from Debian's packages when we are root with
 * apt-get; otherwise it stops with a message that says how.
 */
import { ensureCommand } from './debian.ts';

/** Finds haproxy, installing Debian's when we can; exits with instructions when we cannot. */
export function ensureHaproxy(): string {
  return ensureCommand(
    'haproxy',
    'haproxy',
    'The load-balancer test (the documented HAProxy config)',
  );
}

if (process.argv[1]?.endsWith('haproxy.ts') && process.argv.includes('--ensure'))
  console.log(ensureHaproxy());
