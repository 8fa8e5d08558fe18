/**
 * Usage in credits (/v1/usage*): the meters with ETag / If-None-Match, the
 * overage settings (Idempotency-Key) and usage events (idempotent by their
 * eventId). Registered inside the /v1 scope, behind its bearer check.
 */
import type { FastifyRequest } from 'fastify';
import { ProblemTypes } from '../../../shared/contract/common';
import { ApiPaths } from '../../../shared/contract/paths';
import { Usage, UsageEventRequest, UsageEventResult, UsageSettingsRequest } from '../../../shared/contract/usage';
import { UsageRefusals } from '../../../shared/contract/usageRefusals';
import { creditsFromInput } from '../../../shared/credits';
import type { UserRow } from '../../billing/repository';
import { freshnessOf } from '../../billing/freshness';
import { buildUsage, recordUsageEvent, updateUsageSettings } from '../../billing/usage';
import { iso } from '../../billing/time';
import { etagOf, sendNotModified, sendWithEtag } from '../etag';
import { sendIdempotent } from '../idempotency';
import { HttpProblem, validationProblem } from '../problems';
import type { SandboxApp } from '../sandboxApp';
import { problemResponses, ref } from '../schemas';
import type { SandboxServices } from '../services';

const security = [{ bearer: [] }];

export function registerUsageRoutes(app: SandboxApp, services: SandboxServices, currentUser: (request: FastifyRequest) => UserRow): void {
  const ctx = services.billing;
  const { repo, clock } = ctx;

  app.get(
    ApiPaths.usage,
    {
      schema: {
        tags: ['usage'],
        summary: 'Credits of the current period by pool, overage, daily and past periods (ETag / If-None-Match)',
        security,
        response: { 200: ref(Usage), 304: { description: 'Not modified', type: 'null' }, ...problemResponses(401, 429) },
      },
    },
    async (request, reply) => {
      const fresh = services.etags.notModified(request.userId, 'usage', request.headers['if-none-match'], request.accountVersion);
      if (fresh !== undefined) return sendNotModified(reply, fresh);
      const now = clock.now();
      // Opening or rolling over the period writes: in one transaction like every other change, which also pins
      // the version the representation was read at.
      const { usage, freshness } = repo.transaction(() => {
        const user = currentUser(request);
        return { usage: buildUsage(ctx, user, now), freshness: freshnessOf(ctx, user.id, now) };
      });
      // asOf changes every request; the ETag covers every counted number, so unchanged usage answers 304.
      const body = JSON.stringify(usage);
      const etag = etagOf(body);
      services.etags.remember(request.userId, 'usage', etag, freshness);
      return sendWithEtag(request, reply, etag, () => JSON.stringify({ ...usage, asOf: iso(now) }));
    },
  );

  app.put(
    ApiPaths.usageSettings,
    {
      schema: {
        tags: ['usage'],
        summary: 'Turn overage on or off and set the spend cap of each period (Idempotency-Key)',
        security,
        body: ref(UsageSettingsRequest),
        response: { 200: ref(Usage), ...problemResponses(400, 401, 409, 413, 422, 429) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      return sendIdempotent(repo, request, reply, user.id, () => {
        const now = clock.now();
        const outcome = updateUsageSettings(ctx, user, request.body, now);
        if (!outcome.ok) {
          if (outcome.refusal === 'overage_unavailable') throw new HttpProblem(409, outcome.message, { title: 'Overage is not available', code: UsageRefusals.overageUnavailable });
          const problem = validationProblem([{ field: 'spendCap', code: outcome.refusal, message: outcome.message }], 'The spend cap is not valid; nothing was changed.');
          throw outcome.refusal === 'cap_below_accrued' ? new HttpProblem(422, problem.detail, { ...problem.options, code: UsageRefusals.capBelowAccrued }) : problem;
        }
        return { status: 200, body: { ...buildUsage(ctx, user, now), asOf: iso(now) } };
      });
    },
  );

  app.post(
    ApiPaths.usageEvents,
    {
      schema: {
        tags: ['usage'],
        summary: 'Count a credit-consuming action (idempotent by eventId; production takes these from the vendor backend only)',
        security,
        body: ref(UsageEventRequest),
        response: { 200: ref(UsageEventResult), ...problemResponses(400, 401, 402, 409, 413, 422, 429) },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { body } = request;
      const credits = creditsFromInput(body.credits);
      if (!credits.ok) {
        throw new HttpProblem(400, `Nothing was counted. credits: ${credits.message}`, {
          title: 'Validation failed',
          type: ProblemTypes.validation,
          errors: [{ field: 'credits', code: credits.reason, message: credits.message }],
        });
      }
      const occurredAt = Date.parse(body.occurredAt);
      if (!Number.isFinite(occurredAt)) {
        throw new HttpProblem(400, 'Nothing was counted. occurredAt: use an ISO 8601 time such as 2026-12-02T10:00:00Z.', {
          title: 'Validation failed',
          type: ProblemTypes.validation,
          errors: [{ field: 'occurredAt', code: 'invalid_format', message: 'Use an ISO 8601 time such as 2026-12-02T10:00:00Z.' }],
        });
      }
      const outcome = repo.transaction(() => recordUsageEvent(ctx, user, { eventId: body.eventId, feature: body.feature, hundredths: credits.hundredths, occurredAt }, clock.now()));
      if (!outcome.ok) throw refusalProblem(outcome.refusal, outcome.message);
      return reply.header('cache-control', 'no-store').send(outcome.result);
    },
  );
}

function refusalProblem(refusal: string, message: string): HttpProblem {
  switch (refusal) {
    case UsageRefusals.unknownFeature:
      return new HttpProblem(400, message, { title: 'Unknown feature', type: ProblemTypes.validation, code: refusal, errors: [{ field: 'feature', code: refusal, message }] });
    case UsageRefusals.eventIdReused:
      return new HttpProblem(409, message, { title: 'Event id reused', code: refusal });
    case UsageRefusals.periodClosed:
      return new HttpProblem(422, message, { title: 'Outside the current period', code: refusal, errors: [{ field: 'occurredAt', code: refusal, message }] });
    case UsageRefusals.creditsExhausted:
      return new HttpProblem(402, message, { title: 'Credits used up', type: ProblemTypes.quotaExceeded, code: refusal });
    case UsageRefusals.spendCapReached:
      return new HttpProblem(402, message, { title: 'Spend cap reached', type: ProblemTypes.quotaExceeded, code: refusal });
    default:
      return new HttpProblem(400, message, { code: refusal });
  }
}
