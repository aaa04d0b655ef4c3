/**
 * An audit log that refuses every row, on either engine: a change audited in its own transaction
 * must then fail whole. The trigger is dropped after, because PostgreSQL's test database outlives
 * the test (emptied for the next app, not made anew).
 */
import type { TestApp } from './engine-app.ts';

/** A trigger that makes every audit row fail, and how to drop it, in each engine's SQL. */
const AUDIT_DOWN = {
  sqlite: [
    "CREATE TRIGGER no_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit down'); END",
    'DROP TRIGGER no_audit',
  ],
  postgres: [
    `CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit down'; END $$;
     CREATE TRIGGER no_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION no_audit()`,
    'DROP TRIGGER no_audit ON audit_log; DROP FUNCTION no_audit()',
  ],
} as const;

/** Runs `work` while every audit row fails. */
export async function withAuditDown(app: TestApp, work: () => Promise<void>) {
  const [create, drop] = AUDIT_DOWN[app.engine];
  await app.query(create);
  try {
    await work();
  } finally {
    await app.query(drop);
  }
}
