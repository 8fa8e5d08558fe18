// "The numbers agree" (issue 12, docs/journeys.md): a sequence of usage events — a retried event
// id, a bonus grant that expires, overage run into its spend cap, and a renewal — and at every
// step the credits left in the status bar, the panel, the exported getUsage(), the service's
// GET /v1/usage and the next invoice's overage are the same numbers.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type AccountSummary } from '../../shared/contract/account';
import { type InvoiceDetails, type InvoiceList } from '../../shared/contract/invoices';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { type Usage } from '../../shared/contract/usage';
import { creditsText, formatCredits, parseCredits } from '../../shared/credits';
import { minorUnitsToDecimal } from '../../shared/money';
import { advanceClock, grantBonusCredits, readClock, setAccountState } from '../support/sandboxAdmin';
import { showPanelAs, stateWhere } from './support/panel';
import { planBilling, resetCore, sandboxUrl, uniqueEmail, until } from './support/planBilling';

type Session = Awaited<ReturnType<typeof showPanelAs>>;

const h = (credits: string) => parseCredits(credits) ?? NaN;
/** The status bar's tooltip without its Markdown escapes. */
const plain = (text: string) => text.replace(/\\(.)/g, '$1');

async function service<T>(session: Session, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${sandboxUrl()}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${session.tokens.access_token}`, accept: 'application/json', 'content-type': 'application/json', ...init.headers },
  });
  assert.ok(res.ok, `${init.method ?? 'GET'} ${path} answered ${res.status}: ${await res.clone().text()}`);
  return (await res.json()) as T;
}

/**
 * Waits until every surface shows the service's numbers, then checks them once more side by side:
 * remaining plan + bonus credits, used, the quota state, the overage accrued and the upcoming
 * invoice's subtotal (the plan's price plus that overage).
 */
async function surfacesAgree(session: Session, step: string): Promise<Usage> {
  const { api, t } = await planBilling();
  const truth = await service<Usage>(session, ApiPaths.usage);
  await t.refresh('manual');
  await until(() => (api.getUsage()?.asOf !== undefined && api.getUsage()?.remaining === truth.remaining && api.getUsage()?.used === truth.used ? true : undefined), `${step}: getUsage() has ${truth.remaining} left`).catch((error: unknown) => {
    const held = api.getUsage();
    const snap = t.snapshot();
    throw new Error(
      `${String(error)}; getUsage() has ${held?.remaining} left as of ${held?.asOf}, the service ${truth.remaining} as of ${truth.asOf}; ` +
        `the account check: ${snap.account?.usage?.remaining} left as of ${snap.account?.asOf}, stale ${snap.stale}, error ${snap.error?.message ?? 'none'}`,
    );
  });
  const panel = await stateWhere((s) => s.usage.usage?.remaining === truth.remaining && s.usage.usage.used === truth.used, `${step}: the panel has ${truth.remaining} left`);
  const mine = api.getUsage()!;
  assert.equal(mine.plan.used, truth.plan.used, `${step}: plan credits used`);
  assert.deepEqual(mine.bonus.map((b) => b.remaining), truth.bonus.map((b) => b.remaining), `${step}: bonus grants`);
  assert.equal(mine.quotaExceeded, truth.quotaExceeded, `${step}: quota`);
  assert.deepEqual(mine.overage, truth.overage, `${step}: overage`);
  assert.deepEqual(panel.usage.usage?.overage, truth.overage, `${step}: the panel's overage`);

  // The status bar: what is left from 75 % used; used of included (plan + bonus) always in the tooltip.
  const included = h(truth.plan.included) + truth.bonus.reduce((sum, b) => sum + h(b.granted), 0);
  const used = h(truth.plan.used) + truth.bonus.reduce((sum, b) => sum + h(b.used), 0);
  const bar = t.statusBar();
  assert.match(plain(bar.tooltip), new RegExp(`${formatCredits(used, 'en-US').replace(/[.,]/g, '\\$&')} of ${formatCredits(included, 'en-US').replace(/[.,]/g, '\\$&')} credits used`), `${step}: tooltip`);
  const remaining = h(truth.remaining);
  const overageOpen = truth.overage?.enabled === true && !truth.overage.capReached;
  if (truth.quotaExceeded !== null || (remaining === 0 && !overageOpen)) assert.match(bar.text, /no credits left/, `${step}: status bar`);
  else if (remaining === 0) assert.match(bar.text, new RegExp(`overage \\$${minorUnitsToDecimal(truth.overage!.accrued.amount, 2)} of \\$${minorUnitsToDecimal(truth.overage!.spendCap.amount, 2)}`), `${step}: status bar in overage`);
  else if (used * 100 >= included * 75) assert.match(bar.text, new RegExp(`${formatCredits(remaining, 'en-US').replace(/[.,]/g, '\\$&')} credits left`), `${step}: status bar`);
  else assert.doesNotMatch(bar.text, /credits left/, `${step}: status bar below 75 %`);
  assert.equal((await t.contextKeys())?.['planBilling.quotaExceeded'] === true, truth.quotaExceeded !== null, `${step}: planBilling.quotaExceeded`);

  // The next invoice bills the plan plus the overage accrued so far.
  const summary = await service<AccountSummary>(session, ApiPaths.account);
  assert.equal(summary.upcomingInvoice?.subtotal.amount, 2000 + (truth.overage?.accrued.amount ?? 0), `${step}: the upcoming invoice`);
  return truth;
}

async function report(credits: string, eventId = randomUUID()) {
  const { api } = await planBilling();
  return { eventId, outcome: await api.reportUsage({ feature: 'ai.agent', credits, eventId }) };
}

describe('usage: the numbers agree on every surface', () => {
  before(resetCore);
  after(resetCore);

  it('through retries, a bonus that expires, overage into its cap and a renewal', async () => {
    const { t } = await planBilling();
    const session = await showPanelAs(uniqueEmail('agree'));
    await setAccountState(sandboxUrl(), session.accountId, 'active');
    await t.refresh('manual');
    await t.panel.postFromWebview({ type: 'loadUsage' });
    let u = await surfacesAgree(session, 'start');
    assert.equal(u.remaining, '1000.00');

    // 700.25 credits, then the same event again: counted once.
    const first = await report('700.25');
    assert.ok(first.outcome.ok && !first.outcome.result.duplicate);
    const retry = await report('700.25', first.eventId);
    assert.ok(retry.outcome.ok && retry.outcome.result.duplicate, 'the retry is a duplicate');
    u = await surfacesAgree(session, 'after 700.25 and its retry');
    assert.equal(u.remaining, '299.75');

    // 80 %: what is left shows in the status bar.
    await report('99.75');
    u = await surfacesAgree(session, 'at 80 %');
    assert.equal(u.remaining, '200.00');

    // A bonus grant counts until it expires (after the plan's credits would, it is used second).
    const clock = await readClock(sandboxUrl());
    await grantBonusCredits(sandboxUrl(), session.accountId, { credits: '50.00', description: 'Promotion', expiresAt: new Date(Date.parse(clock.now) + 3_600_000).toISOString() });
    u = await surfacesAgree(session, 'with the bonus');
    assert.equal(u.remaining, '250.00');
    await advanceClock(sandboxUrl(), { hours: 2 });
    u = await surfacesAgree(session, 'after the bonus expired');
    assert.equal(u.remaining, '200.00');

    // Overage on with a $2.00 cap: 200 plan credits, then 50 beyond at $0.04 reach the cap exactly.
    await service<Usage>(session, ApiPaths.usageSettings, { method: 'PUT', body: JSON.stringify({ overageEnabled: true, spendCap: 200 }), headers: { 'Idempotency-Key': randomUUID() } });
    const into = await report('225.00');
    assert.ok(into.outcome.ok && into.outcome.result.fromOverage === '25.00', JSON.stringify(into.outcome));
    u = await surfacesAgree(session, 'in overage, under the cap');
    assert.equal(u.overage?.accrued.amount, 100);
    const over = await report('25.00');
    assert.ok(over.outcome.ok, JSON.stringify(over.outcome));
    assert.equal(over.outcome.result.fromOverage, '25.00');
    const refused = await report('0.01');
    assert.deepEqual(refused.outcome.ok ? null : refused.outcome.reason, 'spend_cap_reached');
    u = await surfacesAgree(session, 'at the cap');
    assert.equal(u.remaining, '0.00');
    assert.equal(u.overage?.accrued.amount, 200);
    assert.equal(u.quotaExceeded, 'spend_cap_reached');
    const accrued = u.overage!.accrued.amount;
    const overageCredits = u.overage!.used;

    // The renewal bills that overage as a line and resets the credits.
    const now = Date.parse((await readClock(sandboxUrl())).now);
    await advanceClock(sandboxUrl(), { hours: Math.ceil((Date.parse(u.periodEnd) - now) / 3_600_000) + 1 });
    const invoices = await service<InvoiceList>(session, `${ApiPaths.invoices}?limit=5`);
    const renewal = await service<InvoiceDetails>(session, pathTo(ApiPaths.invoice, { id: invoices.data[0]!.id }));
    const line = renewal.invoice.lines.find((l) => l.kind === 'overage');
    assert.equal(line?.amount.amount, accrued, 'the overage line bills what was accrued');
    assert.match(line?.description ?? '', new RegExp(overageCredits.replace('.', '\\.')));
    u = await surfacesAgree(session, 'after the renewal');
    assert.equal(u.remaining, '1000.00');
    assert.equal(u.quotaExceeded, null);
    assert.equal(u.history[0]?.overageAmount.amount, accrued, 'the closed period keeps its overage');
    assert.equal(creditsText(h(u.history[0]!.used)), '1050.00');
  });
});
