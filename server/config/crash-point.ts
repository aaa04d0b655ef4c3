/**
 * A test-only fault, never documented for operators: `PETITION_TEST_CRASH_AT=<point>` makes the
 * process kill itself with SIGKILL the first time it reaches that point, so a test can show what
 * survives a crash at exactly that moment (test/crash/webhooks-crash.test.ts: right after a
 * signature batch commits, before anything is answered or sent). Unset, a point costs one
 * string comparison.
 */
const CRASH_AT = process.env.PETITION_TEST_CRASH_AT;

/** The points a test may crash at. */
export type CrashPoint = 'signatures-committed';

/** Dies here, at once and without cleaning up, when the environment names this point. */
export function crashPoint(point: CrashPoint): void {
  if (CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
