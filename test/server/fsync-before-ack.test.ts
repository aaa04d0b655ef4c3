/**
 * Durable before acknowledged, seen from the kernel's side. `kill -9` keeps the page cache, so the
 * crash test passes even without fsync; this test runs the production server under strace and
 * checks, for every `201` written to a client's socket, that the write of its row to the `-wal`
 * file came first and that an fsync/fdatasync of the `-wal` file completed between the two. The
 * same check run on a server with `synchronous=NORMAL` (a test-only knob) must find violations,
 * so the check itself is shown to catch the weaker setting.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { ensureStrace } from '../strace.ts';
import { tempDir } from './helpers.ts';

const SIGNATURES = 40;
const CLIENTS = 8;
const EMAIL = /fsync\.\d+\.\d+@example\.org/g;

interface Trace {
  /** Line index of each write to the -wal file, with what it wrote. */
  walWrites: { at: number; data: string }[];
  /** Line index at which each fsync/fdatasync of the -wal file returned. */
  walSyncs: number[];
  /** Per connection, in order: emails read and 201 answers written. */
  connections: Map<string, { at: number; email?: string; created?: boolean }[]>;
}

/**
 * Reads strace -f -yy output. The commit runs on the writer thread while the main thread reads
 * requests, so a syscall is often split across lines (`<unfinished ...>`, then `<... resumed>`),
 * matched by thread id: a sync counts where it returned, a read's data is on its resumed line, a
 * write's on its first line (where it started, the earlier and stricter moment).
 */
function parseTrace(text: string): Trace {
  const trace: Trace = { walWrites: [], walSyncs: [], connections: new Map() };
  const unfinished = new Map<string, { call: string; target: string }>();
  const event = (conn: string, entry: { at: number; email?: string; created?: boolean }) => {
    if (!trace.connections.has(conn)) trace.connections.set(conn, []);
    trace.connections.get(conn)!.push(entry);
  };
  text.split('\n').forEach((line, at) => {
    const resumed = /^(\d+)\s+\S+\s+<\.\.\. (\w+) resumed>(.*)$/.exec(line);
    if (resumed) {
      const started = unfinished.get(resumed[1]);
      unfinished.delete(resumed[1]);
      if (started && /sync$/.test(started.call) && started.target.endsWith('-wal'))
        trace.walSyncs.push(at);
      if (started?.call === 'read' && started.target.startsWith('TCP:'))
        for (const email of resumed[3].match(EMAIL) ?? []) event(started.target, { at, email });
      return;
    }
    // The target is a path or a TCP pair, `TCP:[local->remote]`.
    const call = /^(\d+)\s+\S+\s+(\w+)\(\d+<((?:->|[^>])*)>,?\s?(.*)$/.exec(line);
    if (!call) return;
    const [, pid, name, target, rest] = call;
    if (line.endsWith('<unfinished ...>')) unfinished.set(pid, { call: name, target });
    if (target.endsWith('-wal')) {
      if (name === 'fsync' || name === 'fdatasync') {
        if (!line.endsWith('<unfinished ...>')) trace.walSyncs.push(at);
      } else if (name === 'pwrite64' || name === 'write') trace.walWrites.push({ at, data: rest });
      return;
    }
    if (!target.startsWith('TCP:')) return;
    if (name === 'read') for (const email of rest.match(EMAIL) ?? []) event(target, { at, email });
    else if (/^(write|writev|sendto|sendmsg)$/.test(name) && /HTTP\/1\.1 201 /.test(rest))
      event(target, { at, created: true });
  });
  return trace;
}

/** Every 201 whose row was not both written and synced to the WAL before it left. */
function violations(trace: Trace): { acknowledged: number; unsynced: string[] } {
  const unsynced: string[] = [];
  let acknowledged = 0;
  for (const events of trace.connections.values()) {
    const emails = events.filter((entry) => entry.email).map((entry) => entry.email!);
    for (const answer of events.filter((entry) => entry.created)) {
      acknowledged++;
      const email = emails.shift();
      const written = email && trace.walWrites.find((write) => write.data.includes(email));
      const synced = written && trace.walSyncs.some((at) => at > written.at && at < answer.at);
      if (!written || written.at > answer.at || !synced)
        unsynced.push(email ?? '(no request read)');
    }
  }
  return { acknowledged, unsynced };
}

/** Runs the production server under strace, signs, stops it; returns the parsed trace. */
async function traceSignatures(extraEnv: Record<string, string>): Promise<Trace> {
  const dir = tempDir();
  const traceFile = path.join(dir, 'trace.txt');
  const strace = ensureStrace();
  const server = await spawnServer(
    {
      PORT: '0',
      DATABASE_PATH: path.join(dir, 'fsync.db'),
      PETITION_BOT_CHECKS: 'off',
      PETITION_RATE_LIMIT: 'off',
      ...extraEnv,
    },
    {
      prefix: [
        strace,
        '-f',
        '-qq',
        '-tt',
        '-yy',
        '-s',
        '8192',
        '-o',
        traceFile,
        '-e',
        'trace=fdatasync,fsync,write,pwrite64,writev,sendto,sendmsg,read',
      ],
    },
  );
  try {
    let next = 0;
    const client = async (index: number) => {
      while (next < SIGNATURES) {
        const n = next++;
        const response = await fetch(`${server.url}/api/campaigns/el-salvador/signatures`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `fsync-key-${n}-${Date.now()}`,
          },
          body: JSON.stringify({
            firstName: 'F',
            lastName: 'S',
            email: `fsync.${index}.${n}@example.org`,
            city: 'C',
            optIn: false,
          }),
        });
        assert.equal(response.status, 201);
        await response.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, index) => client(index)));
  } finally {
    // strace's child is the server: stop it, and strace ends with it.
    const children = fs
      .readFileSync(`/proc/${server.child.pid}/task/${server.child.pid}/children`, 'utf8')
      .trim();
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    for (const pid of children.split(/\s+/).filter(Boolean)) process.kill(Number(pid), 'SIGTERM');
    await exited;
  }
  return parseTrace(fs.readFileSync(traceFile, 'utf8'));
}

describe('fsync before acknowledge (strace on server/dist/main.js)', () => {
  it('sends every 201 only after the WAL holding its row was synced', {
    timeout: 120_000,
  }, async () => {
    const trace = await traceSignatures({});
    const { acknowledged, unsynced } = violations(trace);
    console.log(
      `${acknowledged} answers on ${trace.connections.size} connections, ${trace.walWrites.length} WAL writes, ${trace.walSyncs.length} WAL syncs`,
    );
    assert.equal(acknowledged, SIGNATURES, 'every 201 was seen leaving the process');
    assert.deepEqual(unsynced, []);
  });

  it('catches a server that acknowledges before the sync (synchronous=NORMAL)', {
    timeout: 120_000,
  }, async () => {
    const trace = await traceSignatures({ PETITION_UNSAFE_SYNCHRONOUS: 'NORMAL' });
    const { acknowledged, unsynced } = violations(trace);
    console.log(
      `NORMAL: ${acknowledged} answers, ${unsynced.length} sent before their row was synced`,
    );
    assert.equal(acknowledged, SIGNATURES);
    assert.ok(unsynced.length > 0, 'the check fails on synchronous=NORMAL');
  });
});
