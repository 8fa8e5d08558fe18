/**
 * Idempotency-Key on mutations (IETF draft-ietf-httpapi-idempotency-key-header):
 * a retried request with the same key and the same body gets the first
 * answer again (Idempotent-Replayed: true) and changes nothing twice; the same
 * key with a different body is refused with 422. Only successful answers are
 * kept, stored in the same transaction as the change they describe. Keys live
 * 24 hours.
 *
 * An answer that is a credential (a portal link) is never stored: the outcome
 * names what to keep instead (`keep`), and a retry runs again with it, so it
 * gets a fresh answer and can retire the earlier one.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { Repository } from '../billing/repository';
import { HttpProblem } from './problems';
import { requestPath } from './requestPath';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const KEY_TTL_MS = 24 * 3600 * 1000;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface Outcome {
  readonly status: number;
  readonly body: unknown;
  /** When set, the key keeps this (JSON) instead of the answer, and a retry runs `execute` again, given it. */
  readonly keep?: unknown;
}

/**
 * Runs `execute` (synchronous, inside one transaction) at most once per
 * Idempotency-Key, and sends its answer; an outcome with `keep` runs again on
 * a retry, with `previous` = what the earlier run kept.
 */
export function sendIdempotent(repo: Repository, request: FastifyRequest, reply: FastifyReply, userId: string, execute: (previous?: unknown) => Outcome): FastifyReply {
  const header = request.headers['idempotency-key'];
  if (header === undefined) {
    const outcome = repo.transaction(execute);
    return reply.code(outcome.status).type('application/json').send(JSON.stringify(outcome.body));
  }
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw new HttpProblem(400, 'The Idempotency-Key header must be 1 to 255 visible ASCII characters (a UUID is a good choice).', {
      errors: [{ field: 'Idempotency-Key', code: 'invalid_format', message: 'Use 1 to 255 visible ASCII characters, for example a UUID.' }],
    });
  }
  const fingerprint = createHash('sha256')
    .update(`${request.method} ${requestPath(request.url)}\n${canonical(request.body)}`)
    .digest('base64url');
  const now = Date.now();
  const result = repo.transaction((): { status: number; body: string; replayed: boolean } => {
    repo.idempotencyKeys.deleteCreatedBefore(now - KEY_TTL_MS);
    const stored = repo.idempotencyKeys.find(userId, header);
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        throw new HttpProblem(422, 'This Idempotency-Key was already used for a different request. Use a new key for a new request.', {
          title: 'Idempotency-Key reused',
          errors: [{ field: 'Idempotency-Key', code: 'key_reused', message: 'This key belongs to a different request.' }],
        });
      }
      if (stored.replay === 'answer') return { status: stored.status, body: stored.body, replayed: true };
      const again = execute(JSON.parse(stored.body) as unknown);
      if (again.status >= 200 && again.status < 300) repo.idempotencyKeys.updateBody(userId, header, JSON.stringify(again.keep ?? null));
      return { status: again.status, body: JSON.stringify(again.body), replayed: false };
    }
    const outcome = execute();
    const body = JSON.stringify(outcome.body);
    if (outcome.status >= 200 && outcome.status < 300) {
      const rerun = outcome.keep !== undefined;
      repo.idempotencyKeys.insert({
        user_id: userId,
        key: header,
        fingerprint,
        status: outcome.status,
        body: rerun ? JSON.stringify(outcome.keep) : body,
        replay: rerun ? 'rerun' : 'answer',
        created_at: now,
      });
    }
    return { status: outcome.status, body, replayed: false };
  });
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(result.status).type('application/json').send(result.body);
}
