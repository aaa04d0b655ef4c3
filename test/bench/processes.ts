/**
 * Server processes for the benchmarks: the production bundle (`node server/dist/main.js`) and the
 * hello-world baseline, each spawned on a free loopback port; start-up timed from spawn to the
 * `listening on` line; resident memory read from /proc.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { seedDemo } from '../fixtures/api-server.ts';

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, '../..');

/** A spawned server. */
export interface Child {
  url: string;
  pid: number;
  /** Milliseconds from spawn to the `listening on` line. */
  startMs: number;
  stop: () => Promise<void>;
}

/** Spawns `node <args>` and resolves once it prints `listening on <url>`. */
export function spawnListening(args: string[], env: Record<string, string> = {}): Promise<Child> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`));
    child.once('exit', onExit);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const ready = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!ready) return;
      const startMs = performance.now() - started;
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      child.off('exit', onExit);
      output = '';
      resolve({
        url: ready[1],
        pid: child.pid!,
        startMs,
        // SIGTERM lets the server finish and flush; one that has not exited 10 s later is killed.
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/**
 * The production server bundle on a database file, with the benchmark settings. A new database
 * gets the demo without email verification first: the signing benchmark measures what it always
 * has (a signature counted at once), and a confirmation mail is not part of signing anyway (the
 * outbox row is written in the batch; the worker sends later, off the request's path).
 */
export async function spawnProduction(
  databasePath: string,
  env: Record<string, string> = {},
): Promise<Child> {
  const bundle = path.join(ROOT, 'server/dist/main.js');
  if (!fs.existsSync(bundle)) throw new Error('server/dist/main.js is missing: run npm run build');
  if (env.DATABASE_URL) await seedDemo({ DATABASE_URL: env.DATABASE_URL });
  else if (!fs.existsSync(databasePath)) await seedDemo({ DATABASE_PATH: databasePath });
  return spawnListening([bundle], {
    DATABASE_PATH: databasePath,
    PETITION_BOT_CHECKS: 'off',
    PETITION_RATE_LIMIT: 'off',
    // The access log on, as in production: its cost is part of every figure (the lines go to a
    // pipe this process reads and drops, as a service manager's journal would take them).
    PETITION_LOG: 'on',
    ...env,
  });
}

/** The bare Hono hello world. */
export function spawnHello(): Promise<Child> {
  return spawnListening([path.join(ROOT, 'test/bench/hello-server.js')]);
}

/** Resident memory of a process now and at its peak (VmHWM), in MB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Resets a process's peak-RSS mark, so the next peak belongs to what runs next (Linux 4.0+). */
export function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
