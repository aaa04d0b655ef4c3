/**
 * Server CPU time, read from /proc: a process's own (all its threads: the main thread, the SQLite
 * writer thread, V8's and libuv's helpers), the main thread's alone, and a PostgreSQL cluster's
 * (the postmaster and every backend it forked). Read before and after a bounded load run, the
 * difference over the requests answered is the CPU a request costs: on a machine shared with the
 * load generator and other work it is far steadier than requests per second. Linux only, at the
 * kernel's clock tick (10 ms), which a run of seconds makes small.
 */
import fs from 'node:fs';
import path from 'node:path';

/** CPU time so far, in ms: the whole process and its main thread. */
export interface CpuSample {
  totalMs: number;
  mainMs: number;
}

/**
 * utime + stime of one /proc stat file, in ms (clock ticks of 10 ms); with `reaped`, also the
 * time of the children it has waited for (cutime + cstime).
 */
function statMs(file: string, reaped = false): number {
  const stat = fs.readFileSync(file, 'utf8');
  // Fields after the command name (which may hold spaces, so split after its closing paren).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = Number(fields[11]) + Number(fields[12]);
  return (reaped ? own + Number(fields[13]) + Number(fields[14]) : own) * 10;
}

/** A process's CPU time so far: all its threads (the process's stat), and its main thread's. */
export function cpuOf(pid: number): CpuSample {
  return {
    totalMs: statMs(`/proc/${pid}/stat`),
    mainMs: statMs(`/proc/${pid}/task/${pid}/stat`),
  };
}

/** The CPU time of several processes added up (two nodes). */
export function cpuOfAll(pids: readonly number[]): CpuSample {
  const samples = pids.map(cpuOf);
  return {
    totalMs: samples.reduce((sum, sample) => sum + sample.totalMs, 0),
    mainMs: samples.reduce((sum, sample) => sum + sample.mainMs, 0),
  };
}

/**
 * The CPU time so far of a PostgreSQL cluster: its postmaster (the first line of postmaster.pid),
 * the children it has reaped (a backend that exited: a pool closing an idle connection), and
 * those still running (backends, WAL writer, checkpointer). Without the reaped ones a backend
 * that exited during a run took its time with it, and the difference could come out negative.
 */
export function clusterCpuMs(dataDir: string): number {
  const postmaster = Number(
    fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  let total = statMs(`/proc/${postmaster}/stat`, true);
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === postmaster) total += statMs(`/proc/${name}/stat`);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return total;
}

/** CPU µs a request between two samples: the whole process, and the main thread's share. */
export function perRequest(
  before: CpuSample,
  after: CpuSample,
  answered: number,
): { serverCpuUs: number; mainCpuUs: number } {
  const us = (ms: number) => (answered ? (ms * 1000) / answered : Number.NaN);
  return {
    serverCpuUs: us(after.totalMs - before.totalMs),
    mainCpuUs: us(after.mainMs - before.mainMs),
  };
}
