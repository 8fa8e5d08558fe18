/**
 * Per-account change counters (account_versions), kept by triggers
 * (migrations.ts): `version` grows with every write to what the account's
 * representations are read from, `auth_version` with every write to its
 * sign-ins and tokens. Nothing here writes them.
 *
 * The 304 fast path asks for them on every request, and a read of SQLite in
 * WAL mode takes and releases a shared-memory lock (two fcntl calls): about a
 * fifth of the server's time per 304. So this process keeps a copy of the
 * rows it has looked at, which the database itself keeps current: temporary
 * triggers (this connection only) on account_versions pass every bump made
 * through this connection to `changed` inside the write. A write another
 * connection commits (the sqlite3 shell, a second process) is noticed by
 * `noticeOtherConnections` (PRAGMA data_version), which server.ts calls a few
 * times a second, and the copy is dropped; a rolled-back bump leaves a copy
 * ahead of the table, which only costs full builds until `read` refreshes it.
 */
import type { Db, Statements } from './database';

export interface AccountVersions {
  readonly version: number;
  readonly authVersion: number;
}

/** An account no write has touched since the counters exist. */
const UNTOUCHED: AccountVersions = { version: 0, authVersion: 0 };

/** Accounts whose counters are kept at most; past it the copy starts again (dropping it is always safe). */
const MAX_KNOWN = 100_000;

const CHANGED_FUNCTION = 'sandbox_account_versions_changed';

export class AccountVersionRecords {
  private readonly select: ReturnType<Statements>;
  private readonly dataVersion: ReturnType<Statements>;
  private readonly known = new Map<string, AccountVersions>();
  private lastDataVersion: number;

  constructor(db: Db, stmt: Statements) {
    this.select = stmt('SELECT version, auth_version AS authVersion FROM account_versions WHERE user_id = ?');
    this.dataVersion = stmt('PRAGMA data_version').pluck();
    db.function(CHANGED_FUNCTION, (userId: unknown, version: unknown, authVersion: unknown) => {
      this.remember(String(userId), { version: Number(version), authVersion: Number(authVersion) });
      return null;
    });
    for (const event of ['INSERT', 'UPDATE']) {
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS account_versions_seen_on_${event.toLowerCase()} AFTER ${event} ON main.account_versions
        BEGIN SELECT ${CHANGED_FUNCTION}(NEW.user_id, NEW.version, NEW.auth_version); END`);
    }
    this.lastDataVersion = this.dataVersion.get() as number;
  }

  /** The account's counters as this process knows them (no database read once known). */
  of(userId: string): AccountVersions {
    return this.known.get(userId) ?? this.read(userId);
  }

  /** The account's counters as the database has them now (call it in the transaction that reads the representation). */
  read(userId: string): AccountVersions {
    const versions = (this.select.get(userId) as AccountVersions | undefined) ?? UNTOUCHED;
    this.remember(userId, versions);
    return versions;
  }

  /** Drops the copy when another connection committed since the last look; true when it did. */
  noticeOtherConnections(): boolean {
    const current = this.dataVersion.get() as number;
    if (current === this.lastDataVersion) return false;
    this.lastDataVersion = current;
    this.known.clear();
    return true;
  }

  private remember(userId: string, versions: AccountVersions): void {
    if (this.known.size >= MAX_KNOWN && !this.known.has(userId)) this.known.clear();
    this.known.set(userId, versions);
  }
}
