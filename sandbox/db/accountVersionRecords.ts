/**
 * Per-account change counters (account_versions), kept by triggers
 * (migrations.ts): `version` grows with every write to what the account's
 * representations are read from, `auth_version` with every write to its
 * sign-ins and tokens. Nothing here writes them.
 */
import type { Statements } from './database';

export interface AccountVersions {
  readonly version: number;
  readonly authVersion: number;
}

/** An account no write has touched since the counters exist. */
const UNTOUCHED: AccountVersions = { version: 0, authVersion: 0 };

export class AccountVersionRecords {
  private readonly read: ReturnType<Statements>;

  constructor(stmt: Statements) {
    // On every conditional GET: one primary-key lookup on a table without rowid, prepared once.
    this.read = stmt('SELECT version, auth_version AS authVersion FROM account_versions WHERE user_id = ?');
  }

  of(userId: string): AccountVersions {
    return (this.read.get(userId) as AccountVersions | undefined) ?? UNTOUCHED;
  }
}
