/**
 * Where a request's server CPU goes: the production bundle run under `node --cpu-prof` (every
 * thread writes its own profile: the main thread and the SQLite writer thread), loaded with one
 * kind of request, stopped, and each profile summed up by self time, heaviest first, with the
 * share of each package (hono, zod, better-sqlite3...) and of the server's own files.
 *
 *   node --import tsx test/bench/profile.ts [sign|counter|hello] [seconds] [bundle]
 *
 * (hello: give test/bench/hello-server.js as the bundle.)
 *
 * The profiles are kept in test/bench/out/profile/ (open them in Chrome's DevTools).
 */
import fs from 'node:fs';
import path from 'node:path';
import { seedDemo } from '../fixtures/api-server.ts';
import { runLoad } from './load.ts';
import type { LoadRequest } from './load.ts';
import { ROOT, spawnListening } from './processes.ts';
import { signatureSource } from './signatures.ts';

const SLUG = 'el-salvador';
/** Frames without a file: V8's own (GC, idle, `(program)`) and native calls (writev, postMessage). */
const NATIVE = '(native)';

const kind = process.argv[2] ?? 'sign';
const seconds = Number(process.argv[3] ?? 8);
const bundle = path.resolve(process.argv[4] ?? path.join(ROOT, 'server/dist/main.js'));
const out = path.join(ROOT, 'test/bench/out/profile');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

const file = path.join(out, 'profile.db');
await seedDemo({ DATABASE_PATH: file });
let startupMs = 0;
const spawned = performance.now();
const server = await spawnListening(['--cpu-prof', `--cpu-prof-dir=${out}`, bundle], {
  DATABASE_PATH: file,
  PETITION_BOT_CHECKS: 'off',
  PETITION_RATE_LIMIT: 'off',
  PETITION_LOG: 'on',
});
try {
  const campaign =
    kind === 'hello'
      ? { formToken: '' }
      : ((await (await fetch(`${server.url}/api/campaigns/${SLUG}`)).json()) as {
          formToken: string;
        });
  const request: LoadRequest =
    kind === 'hello'
      ? { method: 'GET', path: '/' }
      : kind === 'counter'
        ? { method: 'GET', path: `/api/campaigns/${SLUG}/counter` }
        : {
            method: 'POST',
            path: `/api/campaigns/${SLUG}/signatures`,
            headers: { 'content-type': 'application/json' },
            body: signatureSource(0x9f0f11e, campaign.formToken),
          };
  // Start-up (compiling, compressing the widget) is left out: samples before the load are skipped.
  startupMs = performance.now() - spawned;
  const result = await runLoad(server.url, [request], { connections: 50, seconds });
  console.log(
    `${kind}: ${Math.round(result.requestsPerSecond)} req/s, ${JSON.stringify(result.statuses)}`,
  );
} finally {
  await server.stop();
}

/** A V8 CPU profile, as much of it as is read here. */
interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

for (const name of fs.readdirSync(out).filter((entry) => entry.endsWith('.cpuprofile'))) {
  const profile = JSON.parse(fs.readFileSync(path.join(out, name), 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  let elapsed = 0;
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)!;
    const us = profile.timeDeltas[index] ?? 0;
    elapsed += us;
    if (elapsed < startupMs * 1000) return;
    total += us;
    const place = placeOf(frame.url);
    const label = `${frame.functionName || '(anonymous)'} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    self.set(label, (self.get(label) ?? 0) + us);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  });
  const idle = [...self]
    .filter(([label]) => label.startsWith('(idle)'))
    .reduce((sum, [, us]) => sum + us, 0);
  const busy = total - idle;
  const share = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  console.log(`\n${name}: ${(busy / 1000).toFixed(0)} ms busy of ${(total / 1000).toFixed(0)} ms`);
  console.log('  by place:');
  for (const [place, us] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(`    ${share(place === NATIVE ? us - idle : us)}  ${place}`);
  console.log('  by function (self time):');
  for (const [label, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40))
    if (!label.startsWith('(idle)')) console.log(`    ${share(us)}  ${label}`);
}

/** The package a frame's file belongs to, `server` for the bundle, `node:` for Node's own. */
function placeOf(url: string): string {
  if (!url) return NATIVE;
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  if (url.startsWith('node:')) return url;
  return path.basename(url);
}
