/**
 * Usage in credits over HTTP (docs/lifecycle.md, "Usage"): the shape and
 * ETag of GET /v1/usage, the consumption order, idempotent events, every
 * refusal with its sentence and nothing counted, overage settings, the
 * renewal (reset, lapsed bonus, overage billed as an invoice line) and the
 * usage alerts in the outbox.
 */
import { strict as assert } from 'node:assert';
import { FeatureKeys } from '../../shared/contract/featureKeys';
import { ProblemTypes, type Problem } from '../../shared/contract/common';
import { type InvoiceDetails, type InvoiceList } from '../../shared/contract/invoices';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { Usage, UsageEventResult, type UsageEventRequest } from '../../shared/contract/usage';
import { MAX_SPEND_CAP_CENTS } from '../../shared/usageLimits';
import { SandboxPaths } from '../../shared/contract/sandboxAdmin';
import type { RunningSandbox } from '../../sandbox/server';
import { advanceClock, grantBonusCredits, readClock, readOutbox, setAccountState } from '../support/sandboxAdmin';
import { pdfText } from './pdfText';
import { api, assertShape, getJson, signIn, startInProcess, uniqueEmail, type Session } from './harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('sandbox usage in credits', function () {
  this.timeout(20_000);
  let sb: RunningSandbox;
  let seq = 0;

  before(async () => {
    sb = await startInProcess();
  });
  after(() => sb.close());

  async function accountIn(state: 'free' | 'active' | 'past_due'): Promise<Session> {
    const session = await signIn(sb.url, uniqueEmail(`usage-${state}`));
    if (state !== 'free') await setAccountState(sb.url, session.userId, state);
    return session;
  }

  const usage = (s: Session) => getJson<Usage>(sb.url, s.token, ApiPaths.usage);
  const now = async () => Date.parse((await readClock(sb.url)).now);

  async function send(s: Session, credits: string | number, extra: Partial<UsageEventRequest> = {}): Promise<Response> {
    seq += 1;
    const event = { eventId: `ev-${seq}`, feature: FeatureKeys.agent, credits, occurredAt: new Date(await now()).toISOString(), ...extra };
    return api(sb.url, s.token, ApiPaths.usageEvents, { method: 'POST', json: event });
  }

  async function accepted(s: Session, credits: string | number, extra: Partial<UsageEventRequest> = {}): Promise<UsageEventResult> {
    const res = await send(s, credits, extra);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const body = JSON.parse(text) as UsageEventResult;
    assertShape(UsageEventResult, body, 'the event result');
    return body;
  }

  async function refused(res: Response, status: number, code?: string): Promise<Problem> {
    const text = await res.text();
    assert.equal(res.status, status, text);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const problem = JSON.parse(text) as Problem;
    if (code !== undefined) assert.equal(problem.code, code, text);
    return problem;
  }

  async function settings(s: Session, json: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return api(sb.url, s.token, ApiPaths.usageSettings, { method: 'PUT', json, headers });
  }

  async function overageOn(s: Session, spendCap: number): Promise<void> {
    const res = await settings(s, { overageEnabled: true, spendCap });
    assert.equal(res.status, 200, await res.text());
  }

  describe('GET /v1/usage', () => {
    it('shows a Free account its 50 credits, every day of the period, no overage and no history', async () => {
      const s = await accountIn('free');
      const u = await usage(s);
      assertShape(Usage, u, 'GET /v1/usage');
      assert.equal(u.planId, 'free');
      assert.deepEqual(u.plan, { included: '50.00', used: '0.00', remaining: '50.00' });
      assert.equal(u.overage, null);
      assert.equal(u.remaining, '50.00');
      assert.equal(u.used, '0.00');
      assert.equal(u.quotaExceeded, null);
      assert.deepEqual(u.bonus, []);
      assert.deepEqual(u.history, []);
      assert.equal(u.daily[0]!.date, u.periodStart.slice(0, 10));
      assert.equal(u.daily.at(-1)!.date, u.asOf.slice(0, 10));
      const days = Math.round((Date.parse(u.daily.at(-1)!.date) - Date.parse(u.daily[0]!.date)) / DAY) + 1;
      assert.equal(u.daily.length, days, 'one entry per UTC day, none skipped');
      assert.ok(u.daily.every((d) => d.credits === '0.00'));
    });

    it('shows a Pro account its 1,000 credits and overage settings, off by default, at 4 ¢ a credit', async () => {
      const s = await accountIn('active');
      const u = await usage(s);
      assert.equal(u.planId, 'pro');
      assert.equal(u.plan.included, '1000.00');
      assert.deepEqual(u.overage, { enabled: false, spendCap: { amount: 2000, currency: 'USD' }, pricePerCredit: { amount: 4, currency: 'USD' }, used: '0.00', accrued: { amount: 0, currency: 'USD' }, capReached: false });
      const account = await getJson<{ subscription: { currentPeriodStart: string; currentPeriodEnd: string } }>(sb.url, s.token, ApiPaths.account);
      assert.equal(u.periodStart, account.subscription.currentPeriodStart);
      assert.equal(u.periodEnd, account.subscription.currentPeriodEnd);
    });

    it('answers 304 to a matching If-None-Match until a counted number changes', async () => {
      const s = await accountIn('free');
      const first = await api(sb.url, s.token, ApiPaths.usage);
      assert.equal(first.status, 200);
      const etag = first.headers.get('etag')!;
      assert.match(etag, /^"[\w-]+"$/);
      assert.equal(first.headers.get('cache-control'), 'private, no-cache');
      const again = await api(sb.url, s.token, ApiPaths.usage, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304, 'asOf alone does not change the ETag');
      await accepted(s, '1.25');
      const changed = await api(sb.url, s.token, ApiPaths.usage, { headers: { 'if-none-match': etag } });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
      const u = (await changed.json()) as Usage;
      assert.equal(u.used, '1.25');
      assert.equal(u.daily.at(-1)!.credits, '1.25');
    });
  });

  describe('POST /v1/usage/events', () => {
    it('takes plan credits, then bonus grants soonest expiring first, then overage', async () => {
      const s = await accountIn('active');
      const at = await now();
      const later = await grantBonusCredits(sb.url, s.userId, { credits: '20', description: 'Later grant', expiresAt: new Date(at + 20 * DAY).toISOString() });
      const sooner = await grantBonusCredits(sb.url, s.userId, { credits: 5, description: 'Sooner grant', expiresAt: new Date(at + 10 * DAY).toISOString() });
      await overageOn(s, 1000);

      assert.deepEqual(await accepted(s, '999.50', { eventId: 'order-1' }), { eventId: 'order-1', credits: '999.50', fromPlan: '999.50', fromBonus: '0.00', fromOverage: '0.00', duplicate: false, remaining: '25.50' });
      const second = await accepted(s, 10);
      assert.deepEqual([second.fromPlan, second.fromBonus, second.fromOverage, second.remaining], ['0.50', '9.50', '0.00', '15.50']);
      let u = await usage(s);
      assert.deepEqual(
        u.bonus.map((g) => [g.id, g.used, g.remaining]),
        [
          [sooner.id, '5.00', '0.00'],
          [later.id, '4.50', '15.50'],
        ],
        'the sooner grant went first and is listed first',
      );
      const third = await accepted(s, '20');
      assert.deepEqual([third.fromPlan, third.fromBonus, third.fromOverage, third.remaining], ['0.00', '15.50', '4.50', '0.00']);
      u = await usage(s);
      assert.equal(u.overage!.used, '4.50');
      assert.deepEqual(u.overage!.accrued, { amount: 18, currency: 'USD' }, '4.50 credits at 4 ¢');
      assert.equal(u.used, '1029.50');
      assert.equal(u.remaining, '0.00');
      assert.equal(u.plan.remaining, '0.00');
      assert.equal(u.quotaExceeded, null, 'overage is on and under the cap');
    });

    it('skips a bonus grant once it has expired', async () => {
      const s = await accountIn('free');
      const at = await now();
      await grantBonusCredits(sb.url, s.userId, { credits: 100, expiresAt: new Date(at + 2 * HOUR).toISOString() });
      await accepted(s, 50);
      assert.equal((await usage(s)).remaining, '100.00');
      await advanceClock(sb.url, { hours: 3 });
      const u = await usage(s);
      assert.deepEqual(u.bonus, [], 'an expired grant is no longer listed');
      assert.equal(u.remaining, '0.00');
      await refused(await send(s, '0.01'), 402, 'credits_exhausted');
      // Nor can an event dated before the expiry, sent after it, draw on the expired grant.
      await refused(await send(s, '0.01', { occurredAt: new Date(at + HOUR).toISOString() }), 402, 'credits_exhausted');
    });

    it('refuses bonus grants with bad credits or an expiry in the past (sandbox admin)', async () => {
      const s = await accountIn('free');
      const post = (json: unknown) => fetch(`${sb.url}${pathTo(SandboxPaths.accountBonusGrants, { id: s.userId })}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
      const decimals = await refused(await post({ credits: '1.001' }), 422);
      assert.deepEqual(decimals.errors, [{ field: 'credits', code: 'too_many_decimals', message: 'Credits have at most two decimals, e.g. 1.25.' }]);
      const past = await refused(await post({ credits: 5, expiresAt: new Date((await now()) - MINUTE).toISOString() }), 422);
      assert.equal(past.errors![0]!.field, 'expiresAt');
      const grant = await grantBonusCredits(sb.url, s.userId, { credits: '7.5' });
      assert.equal(grant.description, 'Bonus credits');
      assert.equal(Date.parse(grant.expiresAt) - (await now()) > 29 * DAY, true, 'thirty days by default');
      assert.deepEqual((await usage(s)).bonus, [grant]);
    });

    it('counts a retried event once and answers it the stored result with duplicate: true', async () => {
      const s = await accountIn('free');
      const event = { eventId: 'retry-me', feature: FeatureKeys.basicCompletions, credits: '2.50', occurredAt: new Date(await now()).toISOString() };
      const post = () => api(sb.url, s.token, ApiPaths.usageEvents, { method: 'POST', json: event });
      const first = (await (await post()).json()) as UsageEventResult;
      assert.equal(first.duplicate, false);
      await accepted(s, 1);
      const second = await post();
      assert.equal(second.status, 200);
      assert.deepEqual(await second.json(), { ...first, duplicate: true });
      // The same amount written another way is the same content.
      const asNumber = await api(sb.url, s.token, ApiPaths.usageEvents, { method: 'POST', json: { ...event, credits: 2.5 } });
      assert.equal(((await asNumber.json()) as UsageEventResult).duplicate, true);
      assert.equal((await usage(s)).used, '3.50');
    });

    it('refuses an eventId reused with other content and counts nothing', async () => {
      const s = await accountIn('free');
      const occurredAt = new Date(await now()).toISOString();
      await accepted(s, 1, { eventId: 'reused', occurredAt });
      for (const other of [{ credits: 2 }, { feature: FeatureKeys.basicCompletions }, { occurredAt: new Date(Date.parse(occurredAt) - 1000).toISOString() }]) {
        const problem = await refused(await send(s, other.credits ?? 1, { eventId: 'reused', occurredAt, ...other }), 409, 'event_id_reused');
        assert.match(problem.detail!, /already recorded with different content/);
      }
      assert.equal((await usage(s)).used, '1.00');
    });

    it('refuses bad credits with the sentence of each reason, counting nothing', async () => {
      const s = await accountIn('active');
      const cases: [unknown, string, string][] = [
        ['abc', 'not_a_number', 'Credits must be a number, e.g. 1.25.'],
        ['1.234', 'too_many_decimals', 'Credits have at most two decimals, e.g. 1.25.'],
        [0.1 + 0.2, 'too_many_decimals', 'Credits have at most two decimals, e.g. 1.25.'],
        ['0', 'not_positive', 'Credits must be greater than zero.'],
        [-1, 'not_positive', 'Credits must be greater than zero.'],
        ['1000000.01', 'too_large', 'Credits can be at most 1,000,000 per event.'],
      ];
      for (const [credits, code, message] of cases) {
        const res = await send(s, credits as string);
        const problem = await refused(res, 400);
        assert.equal(problem.type, ProblemTypes.validation);
        assert.deepEqual(problem.errors, [{ field: 'credits', code, message }], `credits ${JSON.stringify(credits)}`);
      }
      await refused(await send(s, true as unknown as string), 400);
      assert.equal((await usage(s)).used, '0.00');
    });

    it('refuses an unknown feature (400 unknown_feature) and times outside the period (422 period_closed)', async () => {
      const s = await accountIn('active');
      const unknown = await refused(await send(s, 1, { feature: 'ai.telepathy' }), 400, 'unknown_feature');
      assert.equal(unknown.errors![0]!.field, 'feature');
      const { periodStart } = await usage(s);
      const before = await refused(await send(s, 1, { occurredAt: new Date(Date.parse(periodStart) - 1).toISOString() }), 422, 'period_closed');
      assert.match(before.detail!, /before the current billing period began/);
      const future = await refused(await send(s, 1, { occurredAt: new Date((await now()) + 10 * MINUTE).toISOString() }), 422, 'period_closed');
      assert.match(future.detail!, /in the future/);
      await accepted(s, 1, { occurredAt: new Date((await now()) + 2 * MINUTE).toISOString() });
      await accepted(s, 1, { occurredAt: periodStart });
      await refused(await send(s, 1, { occurredAt: 'yesterday' }), 400);
      await refused(await send(s, 1, { eventId: 'has spaces' }), 400);
      assert.equal((await usage(s)).used, '2.00');
    });

    it('answers 402 credits_exhausted when the credits are used up and overage is off', async () => {
      const s = await accountIn('free');
      await accepted(s, 49);
      const partial = await refused(await send(s, 2), 402, 'credits_exhausted');
      assert.equal(partial.type, ProblemTypes.quotaExceeded);
      assert.match(partial.detail!, /only 1 are left/);
      await accepted(s, 1);
      await refused(await send(s, '0.01'), 402, 'credits_exhausted');
      const u = await usage(s);
      assert.equal(u.used, '50.00');
      assert.equal(u.quotaExceeded, 'credits_exhausted');
    });

    it('answers 402 spend_cap_reached when the overage would pass the cap, and counts up to it', async () => {
      const s = await accountIn('active');
      await overageOn(s, 10);
      await accepted(s, 1000);
      // 2.50 credits cost exactly the 10 ¢ cap; one hundredth more would cost 10.04 ¢.
      assert.equal((await accepted(s, '2.50')).fromOverage, '2.50');
      const problem = await refused(await send(s, '0.01'), 402, 'spend_cap_reached');
      assert.equal(problem.type, ProblemTypes.quotaExceeded);
      assert.match(problem.detail!, /\$0\.10/);
      const u = await usage(s);
      assert.equal(u.quotaExceeded, 'spend_cap_reached');
      assert.equal(u.overage!.capReached, true);
      assert.deepEqual(u.overage!.accrued, { amount: 10, currency: 'USD' });
      assert.equal(u.used, '1002.50');
    });

    it('lets a past-due account consume as Free would: 50 credits, no overage', async () => {
      const s = await accountIn('past_due');
      const u = await usage(s);
      assert.equal(u.planId, 'pro');
      assert.equal(u.plan.included, '50.00');
      assert.equal(u.overage, null);
      await accepted(s, 50);
      const problem = await refused(await send(s, 1), 402, 'credits_exhausted');
      assert.match(problem.detail!, /past due/);
      await refused(await settings(s, { overageEnabled: true, spendCap: 100 }), 409, 'overage_unavailable');
    });
  });

  describe('PUT /v1/usage/settings', () => {
    it('saves the overage settings and answers the new usage; a retried Idempotency-Key replays it', async () => {
      const s = await accountIn('active');
      const res = await settings(s, { overageEnabled: true, spendCap: 5000 }, { 'idempotency-key': 'settings-1' });
      assert.equal(res.status, 200);
      const u = (await res.json()) as Usage;
      assertShape(Usage, u, 'PUT answer');
      assert.equal(u.overage!.enabled, true);
      assert.deepEqual(u.overage!.spendCap, { amount: 5000, currency: 'USD' });
      const replay = await settings(s, { overageEnabled: true, spendCap: 5000 }, { 'idempotency-key': 'settings-1' });
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      await refused(await settings(s, { overageEnabled: false, spendCap: 5000 }, { 'idempotency-key': 'settings-1' }), 422);
      assert.equal((await usage(s)).overage!.enabled, true);
    });

    it('refuses caps out of range or below the accrued overage, and Free accounts, changing nothing', async () => {
      const free = await accountIn('free');
      const unavailable = await refused(await settings(free, { overageEnabled: true, spendCap: 100 }), 409, 'overage_unavailable');
      assert.match(unavailable.detail!, /not available on the Free plan/);

      const s = await accountIn('active');
      for (const spendCap of [-1, MAX_SPEND_CAP_CENTS + 1]) {
        const problem = await refused(await settings(s, { overageEnabled: true, spendCap }), 422);
        assert.deepEqual(problem.errors, [{ field: 'spendCap', code: 'out_of_range', message: 'The spend cap must be between $0.00 and $1,000.00.' }]);
      }
      assert.equal((await settings(s, { overageEnabled: true, spendCap: MAX_SPEND_CAP_CENTS })).status, 200);
      for (const json of [{ overageEnabled: true, spendCap: 1.5 }, { overageEnabled: 'yes', spendCap: 100 }, { overageEnabled: true }, { overageEnabled: true, spendCap: 100, extra: 1 }]) {
        const problem = await refused(await settings(s, json), 400);
        assert.ok(problem.errors!.length > 0 && problem.errors!.every((e) => e.message.endsWith('.')), JSON.stringify(problem.errors));
      }
      await overageOn(s, 1000);
      await accepted(s, 1050); // 50 credits of overage: $2.00
      const below = await refused(await settings(s, { overageEnabled: true, spendCap: 199 }), 422, 'cap_below_accrued');
      assert.deepEqual(below.errors, [{ field: 'spendCap', code: 'cap_below_accrued', message: 'The spend cap cannot be below the $2.00 of overage already used this period.' }]);
      assert.equal((await settings(s, { overageEnabled: true, spendCap: 200 })).status, 200);
      const u = await usage(s);
      assert.deepEqual(u.overage!.spendCap, { amount: 200, currency: 'USD' });
    });
  });

  describe('renewal and alerts', () => {
    async function advancePast(isoTime: string): Promise<void> {
      await advanceClock(sb.url, { hours: (Date.parse(isoTime) - (await now())) / HOUR + 1 });
    }

    it('resets plan credits, lapses expired bonus credit and bills the overage as a line of the renewal invoice', async () => {
      const s = await accountIn('active');
      const before = await usage(s);
      await grantBonusCredits(sb.url, s.userId, { credits: 30, description: 'Lapses at the renewal', expiresAt: new Date(Date.parse(before.periodEnd) - HOUR).toISOString() });
      await grantBonusCredits(sb.url, s.userId, { credits: 40, description: 'Carries over', expiresAt: new Date(Date.parse(before.periodEnd) + 10 * DAY).toISOString() });
      await overageOn(s, 10_000);
      await accepted(s, 1000);
      await accepted(s, 10); // from the grant that lapses
      await accepted(s, 40); // 20 from the lapsing grant, 20 from the one that carries over
      await accepted(s, '123.45', { feature: FeatureKeys.premiumModels }); // 20 bonus, 103.45 overage
      assert.equal((await usage(s)).overage!.used, '103.45');
      const upcoming = (await getJson<{ upcomingInvoice: { subtotal: { amount: number } } }>(sb.url, s.token, ApiPaths.account)).upcomingInvoice;
      assert.equal(upcoming.subtotal.amount, 2000 + 414, 'the upcoming invoice includes the overage so far');

      await advancePast(before.periodEnd);
      const after = await usage(s);
      assert.equal(after.periodStart, before.periodEnd);
      assert.deepEqual(after.plan, { included: '1000.00', used: '0.00', remaining: '1000.00' });
      assert.equal(after.overage!.used, '0.00');
      assert.equal(after.overage!.enabled, true, 'settings carry over');
      assert.deepEqual(
        after.bonus.map((g) => [g.description, g.remaining]),
        [],
        'both grants are used up or lapsed',
      );
      assert.deepEqual(after.history[0], {
        periodStart: before.periodStart,
        periodEnd: before.periodEnd,
        planId: 'pro',
        included: '1000.00',
        used: '1173.45',
        overageCredits: '103.45',
        overageAmount: { amount: 414, currency: 'USD' },
      });

      const [latest] = (await getJson<InvoiceList>(sb.url, s.token, `${ApiPaths.invoices}?limit=1`)).data;
      const details = await getJson<InvoiceDetails>(sb.url, s.token, pathTo(ApiPaths.invoice, { id: latest!.id }));
      assert.equal(details.invoice.periodStart, before.periodEnd);
      const overage = details.invoice.lines.find((l) => l.kind === 'overage');
      assert.ok(overage, JSON.stringify(details.invoice.lines));
      assert.deepEqual(overage.amount, { amount: 414, currency: 'USD' }, '103.45 credits at 4 ¢, rounded to the cent');
      assert.equal(overage.quantity, 104, 'whole credits, rounded up');
      assert.match(overage.description, /103\.45 credits/);
      assert.equal(overage.periodStart, before.periodStart);
      assert.equal(details.invoice.subtotal.amount, 2000 + 414);
      assert.equal(details.invoice.status, 'paid');
      assert.equal(details.payments.at(-1)!.amount.amount, details.invoice.total.amount);
      const pdf = await api(sb.url, s.token, pathTo(ApiPaths.invoicePdf, { id: latest!.id }));
      assert.equal(pdf.status, 200);
      const text = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).join('\n');
      assert.match(text, /Overage: 103\.45 credits/);
      assert.match(text, /\$4\.14/);

      const kinds = (await readOutbox(sb.url, s.email)).map((m) => m.kind);
      assert.ok(kinds.indexOf('credits_reset') < kinds.lastIndexOf('invoice_issued'), kinds.join());
    });

    it('lapses what is left of an expired grant and carries a live one over the renewal', async () => {
      const s = await accountIn('active');
      const before = await usage(s);
      await grantBonusCredits(sb.url, s.userId, { credits: 30, description: 'Lapses', expiresAt: new Date(Date.parse(before.periodEnd) - HOUR).toISOString() });
      await grantBonusCredits(sb.url, s.userId, { credits: 40, description: 'Carries over', expiresAt: new Date(Date.parse(before.periodEnd) + 10 * DAY).toISOString() });
      await accepted(s, 1010);
      assert.equal((await usage(s)).remaining, '60.00');
      await advancePast(before.periodEnd);
      const after = await usage(s);
      assert.deepEqual(
        after.bonus.map((g) => [g.description, g.used, g.remaining]),
        [['Carries over', '0.00', '40.00']],
        'the 20 credits left on the expired grant lapsed',
      );
      assert.equal(after.remaining, '1040.00');
      const [latest] = (await getJson<InvoiceList>(sb.url, s.token, `${ApiPaths.invoices}?limit=1`)).data;
      assert.deepEqual(
        latest!.lines.map((l) => l.kind),
        ['subscription'],
        'no overage, no overage line',
      );
    });

    it('sends each usage alert once per period, and again in the next', async () => {
      const s = await accountIn('active');
      const before = await usage(s);
      const alerts = async () => (await readOutbox(sb.url, s.email)).map((m) => m.kind).filter((k) => ['usage_80', 'credits_exhausted', 'overage_started', 'cap_reached', 'credits_reset'].includes(k));
      await overageOn(s, 8);
      await accepted(s, 790);
      assert.deepEqual(await alerts(), []);
      await accepted(s, 10);
      await accepted(s, 10);
      assert.deepEqual(await alerts(), ['usage_80']);
      await accepted(s, 191);
      assert.deepEqual(await alerts(), ['usage_80', 'credits_exhausted', 'overage_started']);
      // 2.00 credits of overage cost exactly the 8 ¢ cap: one hundredth more would pass it.
      await accepted(s, '1.00');
      assert.deepEqual(await alerts(), ['usage_80', 'credits_exhausted', 'overage_started', 'cap_reached']);
      // Raising the cap and reaching it again does not repeat the alert in the same period.
      await overageOn(s, 12);
      await accepted(s, 1);
      assert.deepEqual(await alerts(), ['usage_80', 'credits_exhausted', 'overage_started', 'cap_reached']);
      const messages = await readOutbox(sb.url, s.email);
      assert.match(messages.find((m) => m.kind === 'cap_reached')!.body, /\$0\.08/);

      await advancePast(before.periodEnd);
      await accepted(s, 900);
      assert.deepEqual((await alerts()).slice(4), ['credits_reset', 'usage_80']);
    });
  });
});
