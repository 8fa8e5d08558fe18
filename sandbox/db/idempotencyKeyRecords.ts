/** The idempotency_keys table: the first successful answer to each (user, Idempotency-Key). */
import type { Statements } from './database';

export interface IdempotencyKeyRow {
  user_id: string;
  key: string;
  /** Hash of the request's method, path and canonical body. */
  fingerprint: string;
  status: number;
  /** The answer's JSON, sent again as it was. */
  body: string;
  created_at: number;
}

export class IdempotencyKeyRecords {
  constructor(private readonly stmt: Statements) {}

  deleteCreatedBefore(at: number): void {
    this.stmt('DELETE FROM idempotency_keys WHERE created_at < ?').run(at);
  }

  find(userId: string, key: string): Pick<IdempotencyKeyRow, 'fingerprint' | 'status' | 'body'> | undefined {
    return this.stmt('SELECT fingerprint, status, body FROM idempotency_keys WHERE user_id = ? AND key = ?').get(userId, key) as
      | Pick<IdempotencyKeyRow, 'fingerprint' | 'status' | 'body'>
      | undefined;
  }

  insert(row: IdempotencyKeyRow): void {
    this.stmt(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, status, body, created_at)
       VALUES (@user_id, @key, @fingerprint, @status, @body, @created_at)`,
    ).run(row);
  }
}
