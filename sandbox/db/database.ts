import Database, { type Statement } from 'better-sqlite3';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the sandbox database. WAL with synchronous=FULL:
 * a transaction is on disk before the request that made it is answered, so an
 * acknowledged write survives a SIGKILL (and a power cut).
 */
export function openDatabase(file: string, { reset = false } = {}): Db {
  mkdirSync(dirname(file), { recursive: true });
  if (reset) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`database schema version ${current} is newer than this sandbox (${migrations.length}); use --reset or a newer build`);
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/** Small key/value settings (billing clock offset, invoice counter, seeded flag). */
export function readMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function writeMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** A prepared statement by its SQL text. */
export type Statements = (sql: string) => Statement<unknown[]>;

/** Prepares each SQL text once per connection (preparing costs more than running a small query). */
export function statementCache(db: Db): Statements {
  const cache = new Map<string, Statement<unknown[]>>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare<unknown[]>(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
