/**
 * CLI commands that copy data out or erase it: a CSV export to a file with a progress bar (either
 * engine), an erasure request, and an online backup through SQLite's backup API (the server may
 * keep running and signing meanwhile; PostgreSQL has its own tools for that, see server/README.md).
 *
 * Both copies write to `<file>.part` and rename at the end, so a file with the final name is complete;
 * both create it readable by its owner only: it holds personal data.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EXPORT_KINDS } from '../storage/export-columns.ts';
import type { ExportKind } from '../storage/export-columns.ts';
import { backUpSqlite } from '../storage/sqlite/backup.ts';
import type { EngineCommand, Io, StorageCommand } from './command.ts';
import { integerArgument, named, UsageError } from './command.ts';
import { onSqliteOnly } from './open-storage.ts';
import { progressBar } from './progress.ts';

const PRIVATE = 0o600;

export function refuseExisting(command: string, file: string, force: boolean | string | undefined) {
  if (!force && fs.existsSync(file)) {
    throw new UsageError(`${command}: ${file} exists (use --force to replace it)`);
  }
}

/** Writes a stream to `<out>.part`, owner-only, and renames it to `out` once complete. */
export async function writePrivateFile(out: string, stream: ReadableStream<Uint8Array>) {
  const part = `${out}.part`;
  try {
    // `as never`: node's stream/web types and the DOM's ReadableStream are the same object at
    // run time but two declarations to the type checker.
    await pipeline(
      Readable.fromWeb(stream as never),
      fs.createWriteStream(part, { mode: PRIVATE }),
    );
  } catch (error) {
    // Half a file of personal data is no use to anyone: do not leave it behind.
    fs.rmSync(part, { force: true });
    throw error;
  }
  fs.renameSync(part, out);
}

export const exportCommand: StorageCommand = {
  name: 'export',
  summary: 'Export signatures.csv or delivery.csv of a campaign to a file',
  help: `Usage: npm run admin -- export <slug> <signatures|delivery> --out <file.csv> [--force]

signatures: every field held, with the consent receipt and attribution.
delivery:   exactly name and city of counted signatures: what goes to the target.
Progress goes to stderr. The file is made readable by its owner only.

Options:
  --out <file>   where to write (required)
  --force        replace the file if it exists`,
  options: { out: { type: 'string' }, force: { type: 'boolean' } },
  positionals: [2, 2],
  needsExistingDatabase: true,
  async run(storage, { values, positionals: [slug, kind] }, io) {
    if (!(EXPORT_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`export: the kind must be signatures or delivery, not ${named(kind)}`);
    }
    const out = values.out;
    if (typeof out !== 'string' || !out) {
      throw new UsageError('export: --out <file> is required (see export --help)');
    }
    refuseExisting('export', out, values.force);
    const campaign = storage.campaigns.get(slug);
    if (!campaign) throw new UsageError(`export: no campaign ${named(slug)}`);
    const { exports } = storage;
    const exportKind = kind as ExportKind;
    const total = await exports.count(exportKind, campaign.id);
    const bar = progressBar(`${slug} ${kind}.csv`, total, io.err);
    await writePrivateFile(
      out,
      exports.stream(exportKind, campaign.id, (rows) => bar.add(rows)),
    );
    bar.done();
    io.out(`Wrote ${out} (${fs.statSync(out).size} bytes).`);
  },
};

export const eraseCommand: StorageCommand = {
  name: 'erase',
  summary: 'Erase the person a signature belongs to, in its campaign (audited, never says whose)',
  help: `Usage: npm run admin -- erase <id>

Answers an erasure request as DELETE /api/admin/signatures/{id} does: every row of that person
(the same email) in the signature's campaign, counted or flagged, and their idempotency records
go in one transaction with the counter and an audit row that records how many rows, not whose.
Find the id with the console's erasure search or the signatures API. Copies made before (exports,
backups) still hold the rows until they expire.`,
  options: {},
  positionals: [1, 1],
  needsExistingDatabase: true,
  async run(storage, { positionals: [value] }, io) {
    const id = integerArgument('erase', 'id', value, 1);
    const erased = await storage.erase(id, { kind: 'cli' });
    if (!erased) throw new UsageError(`erase: no signature ${id}`);
    const campaign = storage.campaigns.byId(erased.campaignId);
    const plural = erased.rows === 1 ? '' : 's';
    io.out(
      `Erased ${erased.rows} row${plural} in ${campaign?.slug}; ${campaign?.signatures} counted.`,
    );
  },
};

export const backupCommand: EngineCommand = {
  name: 'backup',
  summary: 'Take an online backup of the database (the server may keep running)',
  help: `Usage: npm run admin -- backup <file.db> [--force]

Copies the database page by page with SQLite's backup API; writes by the running server during
the copy are picked up (the copy restarts from where it must). The result is checked with
PRAGMA quick_check and is readable by its owner only.

Options:
  --force   replace the file if it exists`,
  options: { force: { type: 'boolean' } },
  positionals: [1, 1],
  needsExistingDatabase: true,
  runOn: onSqliteOnly(
    'backup',
    'copies a SQLite file; on PostgreSQL (DATABASE_URL) back up with pg_dump or point-in-time ' +
      'recovery (server/README.md: Running on PostgreSQL)',
    (database, { values, positionals: [file] }, io) => {
      refuseExisting('backup', file, values.force);
      return backUp(database, file, io);
    },
  ),
};

/** Copies the database to `file` with the backup API, checked, and makes it the owner's only. */
async function backUp(database: string, file: string, io: Io) {
  const part = `${file}.part`;
  fs.rmSync(part, { force: true });
  let bar: ReturnType<typeof progressBar> | undefined;
  let copied = 0;
  await backUpSqlite(database, part, (totalPages, done) => {
    bar ??= progressBar('backup (pages)', totalPages, io.err);
    bar.add(done - copied);
    copied = done;
  });
  bar?.done();
  fs.chmodSync(part, PRIVATE);
  fs.renameSync(part, file);
  io.out(`Backed up to ${file} (${fs.statSync(file).size} bytes, checked).`);
}
