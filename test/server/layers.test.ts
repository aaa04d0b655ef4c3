/**
 * The server's floors, read from its imports (import-walk.ts): the two storage engines are
 * siblings that never import each other (what both use lives in server/storage/); nothing under
 * server/ imports demo/ (the demo's campaign is data the server reads, demo/el-salvador.json); the
 * HTTP layer is given a Storage and imports no engine, and no route module imports the app that
 * mounts it; config/ is the ground floor and runtime/ only wires, so nothing below imports it;
 * secrets/, cli/ and the console hold no raw SQLite connection (storage/sqlite/open.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { modules, REPO, resolveImport, specifiers } from './import-walk.ts';

const SERVER = path.join(REPO, 'server');
const at = (...parts: string[]) => path.join(SERVER, ...parts);
const inside = (file: string, dir: string) => file === dir || file.startsWith(dir + path.sep);

/** A floor's rule: files under `from` may not import anything under `to` (or that file). */
interface Rule {
  name: string;
  from: string[];
  to: string[];
  /** Files under `from` the rule does not hold for. */
  except?: string[];
  /** Files under `to` that may be imported all the same. */
  allow?: string[];
}

const RULES: Rule[] = [
  { name: 'SQLite imports PostgreSQL', from: [at('storage/sqlite')], to: [at('storage/postgres')] },
  { name: 'PostgreSQL imports SQLite', from: [at('storage/postgres')], to: [at('storage/sqlite')] },
  { name: 'the server imports the demo', from: [SERVER], to: [path.join(REPO, 'demo')] },
  {
    name: 'the HTTP layer imports an engine',
    from: [at('http')],
    to: [at('storage/sqlite'), at('storage/postgres')],
  },
  { name: 'a route imports the app', from: [at('http/routes')], to: [at('http/app.ts')] },
  {
    name: 'a floor below imports runtime/ (it only wires)',
    from: [SERVER],
    to: [at('runtime')],
    except: [at('runtime'), at('cli'), at('main.ts')],
  },
  {
    name: 'config/ imports a floor above it',
    from: [at('config')],
    to: [SERVER],
    // Itself, and the network helpers it parses addresses with.
    allow: [at('config'), at('network')],
  },
  {
    name: 'a raw SQLite connection outside its engine',
    from: [at('secrets'), at('cli'), at('console')],
    to: [at('storage/sqlite/open.ts')],
  },
  {
    name: 'secrets/ imports an engine',
    from: [at('secrets')],
    to: [at('storage/sqlite'), at('storage/postgres')],
  },
];

/** Every import in `files` that breaks a rule, as "rule: file -> import". */
function broken(files: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [file, source] of files) {
    for (const specifier of specifiers(source)) {
      const target = resolveImport(file, specifier);
      for (const rule of RULES) {
        if (!rule.from.some((dir) => inside(file, dir))) continue;
        if (rule.except?.some((dir) => inside(file, dir))) continue;
        if (!rule.to.some((dir) => inside(target, dir))) continue;
        if (rule.allow?.some((dir) => inside(target, dir))) continue;
        found.push(`${rule.name}: ${path.relative(REPO, file)} -> ${specifier}`);
      }
    }
  }
  return found;
}

describe('the server floors', () => {
  const files = new Map(modules(SERVER).map((file) => [file, fs.readFileSync(file, 'utf8')]));

  it('walks every engine and floor', () => {
    for (const dir of ['storage/sqlite', 'storage/postgres', 'http/routes', 'config', 'cli']) {
      assert.ok(
        [...files.keys()].some((file) => inside(file, at(dir))),
        `no module found under server/${dir}`,
      );
    }
  });

  it('has no import across them', () => {
    assert.deepEqual(broken(files), []);
  });

  it('would see each kind of crossing', () => {
    const planted = new Map([
      [at('storage/postgres/x.ts'), "import type { Db } from '../sqlite/open.ts';"],
      [at('storage/sqlite/x.ts'), "export { COUNT } from '../postgres/campaigns.ts';"],
      [at('runtime/x.ts'), "const seed = await import('../../demo/el-salvador.ts');"],
      [at('http/x.ts'), "import { openSqliteStorage } from '../storage/sqlite/index.ts';"],
      [at('http/routes/x.ts'), "import { createApp } from '../app.ts';"],
      [at('webhooks/x.ts'), "import type { Settings } from '../runtime/server.ts';"],
      [at('config/x.ts'), "import { createApp } from '../http/app.ts';"],
      [at('cli/x.ts'), "import { openDatabase } from '../storage/sqlite/open.ts';"],
      [at('secrets/x.ts'), "import { PgKeyStore } from '../storage/postgres/keys.ts';"],
      // Allowed: shared storage code, the engine's own files, config's own imports, cli -> runtime.
      [at('storage/postgres/y.ts'), "import { hashKey } from '../key-row.ts';"],
      [at('config/y.ts'), "import { isLoopbackHost } from '../network/ip-address.ts';"],
      [at('cli/y.ts'), "import { openServerStorage } from '../runtime/open-storage.ts';"],
    ]);
    assert.deepEqual(broken(planted), [
      'PostgreSQL imports SQLite: server/storage/postgres/x.ts -> ../sqlite/open.ts',
      'SQLite imports PostgreSQL: server/storage/sqlite/x.ts -> ../postgres/campaigns.ts',
      'the server imports the demo: server/runtime/x.ts -> ../../demo/el-salvador.ts',
      'the HTTP layer imports an engine: server/http/x.ts -> ../storage/sqlite/index.ts',
      'a route imports the app: server/http/routes/x.ts -> ../app.ts',
      'a floor below imports runtime/ (it only wires): server/webhooks/x.ts -> ../runtime/server.ts',
      'config/ imports a floor above it: server/config/x.ts -> ../http/app.ts',
      'a raw SQLite connection outside its engine: server/cli/x.ts -> ../storage/sqlite/open.ts',
      'secrets/ imports an engine: server/secrets/x.ts -> ../storage/postgres/keys.ts',
    ]);
  });
});
