/**
 * An online backup of the SQLite file through SQLite's backup API: the server may keep running
 * and signing meanwhile (its writes during the copy are picked up; the copy restarts from where it
 * must), a few pages a step so its writes get through between them. The copy is checked.
 */
import Database from 'better-sqlite3';
import { openDatabase } from './open.ts';

/**
 * Copies the database at `file` to `copy` (one self-contained file) and checks it; `progress`
 * hears the pages copied so far, the last call with all of them.
 */
export async function backUpSqlite(
  file: string,
  copy: string,
  progress: (totalPages: number, copied: number) => void,
): Promise<void> {
  const db = openDatabase(file);
  try {
    const { totalPages } = await db.backup(copy, {
      progress({ totalPages, remainingPages }) {
        progress(totalPages, totalPages - remainingPages);
        // Pages per step: small steps let the server's writes through between them.
        return 256;
      },
    });
    // The last step is not reported to `progress`.
    progress(totalPages, totalPages);
  } finally {
    db.close();
  }
  const check = new Database(copy);
  try {
    // A backup is one self-contained file: no -wal or -shm beside it (openDatabase turns WAL
    // back on if it is ever restored).
    check.pragma('journal_mode = DELETE');
    const result = check.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw new Error(`the backup failed its check: ${String(result)}`);
  } finally {
    check.close();
  }
}
