/**
 * Installing what the browser tests need from Debian's packages, the one way `npm test` does it:
 * as root with apt-get. Anyone else gets a message that says what to install.
 */
import { execFileSync } from 'node:child_process';

function hasAptGet(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Installs `packages` with apt-get when we are root on a machine that has it; returns whether it
 * tried. The caller looks again for what it needs and stops with its own message if still missing
 * (apt-get may fail: no network, an unknown package on another distribution).
 */
export function aptInstall(packages: string[]): boolean {
  if (!packages.length || process.getuid?.() !== 0 || !hasAptGet()) return false;
  console.log(`Missing for the tests: installing ${packages.join(', ')} with apt-get...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  } catch {
    // apt-get said why on the terminal; the caller's message says what to install.
    console.error('apt-get could not install them.');
  }
  return true;
}

/** A command's path on the PATH (or in /usr/sbin, which a non-root PATH may lack), or null. */
export function findCommand(command: string): string | null {
  try {
    const found = execFileSync('sh', ['-c', `PATH="$PATH:/usr/sbin" command -v ${command}`], {
      encoding: 'utf8',
    });
    return found.trim() || null;
  } catch {
    return null;
  }
}

/**
 * Finds `command`, installing Debian's `debianPackage` when we can; exits with a line that says
 * what needs it (`neededBy`) and how to install it when we cannot.
 */
export function ensureCommand(command: string, debianPackage: string, neededBy: string): string {
  const found = findCommand(command) ?? (aptInstall([debianPackage]) ? findCommand(command) : null);
  if (found) return found;
  console.error(
    `${neededBy} needs ${command}. Install it (Debian/Ubuntu: sudo apt-get install ${debianPackage}), ` +
      'then run npm test again.',
  );
  process.exit(1);
}
