/**
 * The per-account counters behind the 304 fast path (sandbox/db/migrations.ts,
 * migration 6;
 * docs/contract.md#how-the-sandbox-answers-304-without-loading-the-account):
 * every table an account's representations or sign-ins are read from has triggers bumping the
 * account's counter on every insert, update and delete, in the same
 * transaction as the write, so no write path can forget it; a table with an
 * account column and no triggers must say why here.
 */
import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import { Repository } from '../../sandbox/billing/repository';
import { openDatabase, type Db } from '../../sandbox/db/database';
import { migrations } from '../../sandbox/db/migrations';
import { removeTempData, tempDataFile } from './harness';

/** Tables with an account column whose rows no representation and no bearer check reads. */
const NOT_REPRESENTED: Record<string, string> = {
  outbox: 'the notifications the service would have sent: read only by GET /sandbox/outbox',
  portal_sessions: 'portal links and cookies: what a portal flow changes is written to the billing tables',
  idempotency_keys: 'stored answers of mutations: the mutation itself writes the billing tables',
  oauth_codes: 'a code becomes a token family and tokens, which bump auth_version; a replayed code revokes its family',
  account_versions: 'the counters themselves',
};

const AUTH_TABLES = new Set(['token_families', 'oauth_tokens']);

function accountColumnOf(db: Db, table: string): string | undefined {
  const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
  if (table === 'users') return 'id';
  return columns.includes('user_id') ? 'user_id' : undefined;
}

describe('sandbox account versions', () => {
  let db: Db;
  before(() => {
    db = openDatabase(tempDataFile());
  });
  after(() => {
    db.close();
    removeTempData();
  });

  const versions = (userId: string) => db.prepare('SELECT version, auth_version FROM account_versions WHERE user_id = ?').get(userId) as { version: number; auth_version: number } | undefined;

  it('has insert, update and delete triggers on every table with an account column, or a reason not to', () => {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((t) => t.name);
    const triggers = db.prepare("SELECT name, tbl_name AS tableName FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; tableName: string }[];
    const withAccount = tables.filter((t) => accountColumnOf(db, t) !== undefined);
    assert.ok(withAccount.length >= 14, `tables with an account column: ${withAccount.join(', ')}`);
    for (const table of withAccount) {
      const counter = AUTH_TABLES.has(table) ? 'auth_version' : 'version';
      const names = triggers.filter((t) => t.tableName === table).map((t) => t.name).sort();
      if (table in NOT_REPRESENTED) {
        assert.deepEqual(names, [], `${table} is listed as not represented (${NOT_REPRESENTED[table]}) but has triggers`);
        continue;
      }
      assert.deepEqual(names, ['delete', 'insert', 'update'].map((op) => `${table}_bumps_${counter}_on_${op}`), `${table}: a write to it must bump ${counter}, or NOT_REPRESENTED must say why not`);
    }
    for (const table of Object.keys(NOT_REPRESENTED)) assert.ok(tables.includes(table), `${table} (listed as not represented) exists`);
  });

  it('bumps the counter of the account a row belongs to on each insert, update and delete, and rolls back with the write', () => {
    db.prepare("INSERT INTO users (id, email, name, created_at, billing_name) VALUES ('usr_a', 'a@test.sandbox.test', 'A', 0, 'A')").run();
    db.prepare("INSERT INTO users (id, email, name, created_at, billing_name) VALUES ('usr_b', 'b@test.sandbox.test', 'B', 0, 'B')").run();
    assert.deepEqual(versions('usr_a'), { version: 1, auth_version: 0 });

    db.prepare("INSERT INTO pending_plan_changes (user_id, preview_id, invoice_id, reason, created_at, expires_at) VALUES ('usr_a', 'pv', 'in', 'x', 0, 1)").run();
    db.prepare("UPDATE pending_plan_changes SET expires_at = 2 WHERE user_id = 'usr_a'").run();
    db.prepare("DELETE FROM pending_plan_changes WHERE user_id = 'usr_a'").run();
    assert.deepEqual(versions('usr_a'), { version: 4, auth_version: 0 });
    assert.deepEqual(versions('usr_b'), { version: 1, auth_version: 0 }, 'another account is left alone');

    db.prepare("INSERT INTO token_families (id, user_id, created_at) VALUES ('fam_a', 'usr_a', 0)").run();
    db.prepare("UPDATE token_families SET revoked_at = 1 WHERE id = 'fam_a'").run();
    assert.deepEqual(versions('usr_a'), { version: 4, auth_version: 2 }, 'sign-ins count apart from representations');

    // A row moving to another account changes both.
    db.prepare("INSERT INTO bonus_grants (id, user_id, description, granted, expires_at, created_at) VALUES ('bg', 'usr_a', 'x', 100, 9, 0)").run();
    db.prepare("UPDATE bonus_grants SET user_id = 'usr_b' WHERE id = 'bg'").run();
    assert.deepEqual([versions('usr_a')!.version, versions('usr_b')!.version], [6, 2]);

    assert.throws(() =>
      db.transaction(() => {
        db.prepare("UPDATE users SET name = 'A2' WHERE id = 'usr_a'").run();
        throw new Error('rolled back');
      })(),
    );
    assert.equal(versions('usr_a')!.version, 6, 'a rolled-back write leaves the version');
  });

  it("keeps this process's copy current with its own writes, ahead after a rollback until read, and drops it after another connection's write", () => {
    const file = tempDataFile();
    const own = openDatabase(file);
    const other = new Database(file);
    try {
      const versions = new Repository(own).versions;
      own.prepare("INSERT INTO users (id, email, name, created_at, billing_name) VALUES ('usr_c', 'c@test.sandbox.test', 'C', 0, 'C')").run();
      assert.deepEqual(versions.of('usr_c'), { version: 1, authVersion: 0 });
      own.prepare("UPDATE users SET name = 'C2' WHERE id = 'usr_c'").run();
      assert.deepEqual(versions.of('usr_c'), { version: 2, authVersion: 0 }, 'a write through this connection updates the copy in the write');

      assert.throws(() =>
        own.transaction(() => {
          own.prepare("UPDATE users SET name = 'C3' WHERE id = 'usr_c'").run();
          throw new Error('rolled back');
        })(),
      );
      assert.equal(versions.of('usr_c').version, 3, 'ahead of the table after a rollback: no 304 answers from it');
      assert.equal(versions.read('usr_c').version, 2, 'read() asks the table and refreshes the copy');
      assert.equal(versions.of('usr_c').version, 2);

      assert.equal(versions.noticeOtherConnections(), false, 'nothing from another connection yet');
      other.prepare("UPDATE users SET name = 'C4' WHERE id = 'usr_c'").run();
      assert.equal(versions.of('usr_c').version, 2, 'another connection bypasses the copy');
      assert.equal(versions.noticeOtherConnections(), true);
      assert.equal(versions.of('usr_c').version, 3, 'and once noticed, the copy is read again');
    } finally {
      other.close();
      own.close();
    }
  });

  it("finds the first of an account's own times ahead: period and trial end, incomplete expiry, retry, dunning end, pending lapse, usage period end, bonus expiry", () => {
    const repo = new Repository(db);
    const now = 1_000_000;
    const next = () => repo.nextAccountTimeAfter('usr_t', now, 500);
    db.prepare("INSERT INTO users (id, email, name, created_at, billing_name) VALUES ('usr_t', 't@test.sandbox.test', 'T', 0, 'T')").run();
    assert.equal(next(), null);
    db.prepare(
      `INSERT INTO subscriptions (id, user_id, plan_id, price_amount, interval, status, current_period_start, current_period_end, trial_end, created_at)
       VALUES ('sub_t', 'usr_t', 'pro', 2000, 'month', 'trialing', 0, ?, ?, ?)`,
    ).run(now + 900, now + 800, now - 100);
    assert.equal(next(), now + 800, 'the trial end');
    db.prepare("UPDATE subscriptions SET status = 'incomplete' WHERE id = 'sub_t'").run();
    assert.equal(next(), now + 400, 'an incomplete subscription expires incompleteExpiryMs after its creation');
    db.prepare("UPDATE subscriptions SET status = 'past_due', trial_end = ? WHERE id = 'sub_t'").run(now - 1);
    assert.equal(next(), now + 900, 'times already past do not count');
    const invoice = db.prepare(
      `INSERT INTO invoices (id, number, user_id, status, created, period_start, period_end, total, lines, billing_details, next_retry_at, dunning_ends_at)
       VALUES (?, ?, 'usr_t', ?, 0, 0, 0, 100, '[]', '{}', ?, ?)`,
    );
    invoice.run('in_paid', 'PB-1', 'paid', now + 10, now + 10);
    assert.equal(next(), now + 900, 'a paid invoice is not retried');
    invoice.run('in_open', 'PB-2', 'open', now + 700, now + 600);
    assert.equal(next(), now + 600, 'the end of dunning');
    db.prepare("UPDATE invoices SET dunning_ends_at = NULL WHERE id = 'in_open'").run();
    assert.equal(next(), now + 700, 'the next retry');
    db.prepare("INSERT INTO pending_plan_changes (user_id, preview_id, invoice_id, reason, created_at, expires_at) VALUES ('usr_t', 'pv', 'in', 'x', 0, ?)").run(now + 500);
    assert.equal(next(), now + 500, 'a pending change lapsing');
    db.prepare("INSERT INTO usage_periods (user_id, period_start, period_end, plan_id, included, spend_cap) VALUES ('usr_t', 0, ?, 'pro', 0, 0)").run(now + 300);
    assert.equal(next(), now + 300, 'the usage period rolling over');
    db.prepare("INSERT INTO bonus_grants (id, user_id, description, granted, expires_at, created_at, retired_at) VALUES ('bg_gone', 'usr_t', 'x', 1, ?, 0, 1)").run(now + 5);
    assert.equal(next(), now + 300, 'a retired grant does not count');
    db.prepare("INSERT INTO bonus_grants (id, user_id, description, granted, expires_at, created_at) VALUES ('bg_live', 'usr_t', 'x', 1, ?, 0)").run(now + 200);
    assert.equal(next(), now + 200, 'a bonus grant expiring');
  });

  it('starts every account of an older database at version 1', () => {
    const older = tempDataFile();
    const raw = new Database(older);
    // Only the first five migrations, and an account written under them.
    for (const sql of migrations.slice(0, 5)) raw.exec(sql);
    raw.pragma('user_version = 5');
    raw.prepare("INSERT INTO users (id, email, name, created_at, billing_name) VALUES ('usr_old', 'old@test.sandbox.test', 'Old', 0, 'Old')").run();
    raw.close();
    const upgraded = openDatabase(older);
    try {
      assert.deepEqual(upgraded.prepare("SELECT version, auth_version FROM account_versions WHERE user_id = 'usr_old'").get(), { version: 1, auth_version: 1 });
    } finally {
      upgraded.close();
    }
  });
});
