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
