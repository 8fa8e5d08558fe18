/**
 * The idempotency_keys table: per (user, Idempotency-Key) the first successful
 * answer ("answer" rows), or, when that answer held a one-time secret, only
 * what a retry needs to run again ("rerun" rows).
 */
import type { Statements } from './database';

export interface IdempotencyKeyRow {
  user_id: string;
  key: string;
  /** Hash of the request's method, path and canonical body. */
  fingerprint: string;
  status: number;
  /** "answer": the answer's JSON, sent again as it was; "rerun": JSON the retry's run is given. */
  body: string;
  replay: 'answer' | 'rerun';
  created_at: number;
}

export type StoredKey = Pick<IdempotencyKeyRow, 'fingerprint' | 'status' | 'body' | 'replay'>;

export class IdempotencyKeyRecords {
  constructor(private readonly stmt: Statements) {}

  deleteCreatedBefore(at: number): void {
    this.stmt('DELETE FROM idempotency_keys WHERE created_at < ?').run(at);
  }

  find(userId: string, key: string): StoredKey | undefined {
    return this.stmt('SELECT fingerprint, status, body, replay FROM idempotency_keys WHERE user_id = ? AND key = ?').get(userId, key) as StoredKey | undefined;
  }

  insert(row: IdempotencyKeyRow): void {
    this.stmt(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, status, body, replay, created_at)
       VALUES (@user_id, @key, @fingerprint, @status, @body, @replay, @created_at)`,
    ).run(row);
  }

  /** What a "rerun" row keeps after another run. */
  updateBody(userId: string, key: string, body: string): void {
    this.stmt('UPDATE idempotency_keys SET body = ? WHERE user_id = ? AND key = ?').run(body, userId, key);
  }
}
