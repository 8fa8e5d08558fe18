import { strict as assert } from 'node:assert';
import { serviceUrlRefusedContent, statusBarContent, TOOLTIP_COMMANDS } from '../../../src/statusBar/statusBarContent';
import { checkServiceUrl } from '../../../src/config/serviceUrl';
import { SIGNED_OUT_SNAPSHOT } from '../../../src/account/accountSnapshot';
import { card, DAY, snapshot, summary, T0, upcoming, usage } from '../support/fixtures';

const fmt = { locale: 'en-US', timeZone: 'UTC' };
const sub = summary().subscription!;

describe('status bar content', () => {
  const table: Array<[string, Parameters<typeof snapshot>[0] | 'signedOut', string, boolean]> = [
    ['signed out', 'signedOut', '$(account) Sign in', false],
    ['checking', { kind: 'checking', claims: null, plan: undefined, features: [], refreshing: true }, '$(loading~spin) Checking…', false],
    ['checking, service unreachable', { kind: 'checking', claims: null, plan: undefined, features: [], stale: true }, "$(account) Can't verify plan$(cloud-offline)", false],
    ['free', { kind: 'free', plan: 'free', account: summary({ plan: { id: 'free', name: 'Free' }, subscription: null, upcomingInvoice: null }) }, '$(account) Free', false],
    ['active', {}, '$(account) Pro', false],
    [
      'trialing with 5 days left',
      { kind: 'trialing', account: summary({ subscription: { ...sub, status: 'trialing', trialEnd: new Date(T0 + 4.5 * DAY).toISOString() } }) },
      '$(account) Pro trial · 5d',
      false,
    ],
    [
      'canceling',
      { kind: 'activeCanceling', account: summary({ subscription: { ...sub, cancelAtPeriodEnd: true, currentPeriodEnd: '2026-03-30T00:00:00.000Z' } }) },
      '$(account) Pro · ends Mar 30',
      false,
    ],
    ['past due', { kind: 'pastDue' }, '$(warning) Past due', true],
    ['ended', { kind: 'ended', plan: 'free' }, '$(account) Plan ended', false],
    ['offline grace', { kind: 'offlineGrace', stale: true }, '$(account) Pro $(cloud-offline)', false],
    ['active but stale', { stale: true }, '$(account) Pro $(cloud-offline)', false],
  ];
  for (const [name, over, text, warning] of table) {
    it(name, () => {
      const s = over === 'signedOut' ? SIGNED_OUT_SNAPSHOT : snapshot(over);
      const content = statusBarContent(s, T0, fmt);
      assert.equal(content.text, text);
      assert.equal(content.warning, warning);
      assert.ok(content.accessibilityLabel.length > 10);
      assert.ok(!content.accessibilityLabel.includes('$('), 'no icon syntax in the accessibility label');
    });
  }

  it('tooltip: plan, status, next billing, verification, offline limit and command links', () => {
    const { tooltip } = statusBarContent(snapshot(), T0, fmt);
    assert.match(tooltip, /pro@sandbox\\.test/);
    assert.match(tooltip, /Pro · \$20\.00\/month · Active/);
    assert.match(tooltip, /Next billing: Mar 30, 2026 · \$20\.00/);
    assert.match(tooltip, /Verified 5 minutes ago · works offline until Mar 17, 2026/);
    assert.match(tooltip, /\[Manage Plan\]\(command:planBilling\.managePlan\)/);
    assert.match(tooltip, /\[Refresh\]\(command:planBilling\.refresh\)/);
    assert.match(tooltip, /\[Sign out\]\(command:planBilling\.signOut\)/);
  });

  it("tooltip's next payment carries its tax: VAT added, or the reverse charge", () => {
    const vat = { kind: 'vat' as const, jurisdiction: 'DE', label: 'VAT 19%', rateMilliPercent: 19_000, taxableAmount: { amount: 2000, currency: 'USD' }, amount: { amount: 380, currency: 'USD' }, note: null };
    const withVat = snapshot({ account: summary({ upcomingInvoice: upcoming('2026-03-30T12:00:00.000Z', 2000, [vat]) }) });
    assert.match(statusBarContent(withVat, T0, fmt).tooltip, /Next billing: Mar 30, 2026 · \$20\.00 \+ \$3\.80 VAT/);
    const reverse = { ...vat, kind: 'reverse_charge' as const, label: 'VAT reverse charge', rateMilliPercent: 0, amount: { amount: 0, currency: 'USD' }, note: 'Reverse charge' };
    const business = snapshot({ account: summary({ upcomingInvoice: upcoming('2026-03-30T12:00:00.000Z', 2000, [reverse]) }) });
    assert.match(statusBarContent(business, T0, fmt).tooltip, /Next billing: Mar 30, 2026 · \$20\.00 \(VAT reverse charge\)/);
  });

  it('tooltip warns about a card that expires before the next renewal', () => {
    const s = snapshot({
      account: summary({
        paymentMethod: card({ expMonth: 3, expYear: 2026 }),
        upcomingInvoice: upcoming('2026-04-09T12:00:00.000Z'),
      }),
    });
    assert.match(statusBarContent(s, T0, fmt).tooltip, /Card ending 4242 expires 03\/2026, before the next renewal/);
    assert.doesNotMatch(statusBarContent(snapshot(), T0, fmt).tooltip, /expires/);
  });

  it('tooltip explains a failed payment with the next retry', () => {
    const s = snapshot({
      kind: 'pastDue',
      account: summary({
        latestPaymentFailure: {
          invoiceId: 'in_9',
          amountDue: { amount: 2000, currency: 'USD' },
          declineCode: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
          attemptCount: 1,
          failedAt: new Date(T0).toISOString(),
          nextRetryAt: '2026-03-12T12:00:00.000Z',
        },
        outstandingBalance: { amount: 2000, currency: 'USD' },
      }),
    });
    const { tooltip } = statusBarContent(s, T0, fmt);
    assert.match(tooltip, /Payment of \$20\.00 failed: Your card has insufficient funds\. Next retry Mar 12, 2026/);
    assert.match(tooltip, /Outstanding balance: \$20\.00/);
  });

  it('escapes user-controlled text and links only to our commands', () => {
    const s = snapshot({ user: { id: 'u', email: '[x](command:workbench.action.reloadWindow)', name: 'n' } });
    const { tooltip } = statusBarContent(s, T0, fmt);
    const links = [...tooltip.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]);
    for (const command of links) assert.ok((TOOLTIP_COMMANDS as readonly string[]).includes(command!), command);
    assert.ok(!links.includes('workbench.action.reloadWindow'));
  });

  it('says a refused service URL is refused, with the reason, as a warning', () => {
    const check = checkServiceUrl('http://billing.example', 'https://billing.example');
    assert.ok(!check.ok);
    const content = serviceUrlRefusedContent(check.problem);
    assert.equal(content.text, '$(warning) Service URL refused');
    assert.equal(content.warning, true);
    // Escaped Markdown: the origin is text, not a link.
    assert.match(content.tooltip, /http:\/\/billing\\\.example uses http, which is allowed only on this computer/);
    assert.match(content.tooltip, /Nothing is sent to it/);
    assert.match(content.accessibilityLabel, /refused/);
    assert.doesNotMatch(content.tooltip, /\]\(command:/);
  });

  describe('tiers and plan changes', () => {
    const tier = (planId: 'pro_plus' | 'power', name: string, price: number) =>
      snapshot({ plan: planId, account: summary({ plan: { id: planId, name }, subscription: { ...sub, planId, planName: name, price: { amount: price, currency: 'USD' } } }) });

    it('shows the tier by name in the text and the tooltip', () => {
      const plus = statusBarContent(tier('pro_plus', 'Pro+', 4000), T0, fmt);
      assert.equal(plus.text, '$(account) Pro+');
      assert.match(plus.tooltip, /Pro\\\+ · \$40\.00\/month · Active/);
      assert.equal(statusBarContent(tier('power', 'Power', 20000), T0, fmt).text, '$(account) Power');
    });

    it('names the tier from the verified plan before the summary arrived', () => {
      const s = snapshot({ plan: 'power', account: null });
      assert.equal(statusBarContent(s, T0, fmt).text, '$(account) Power');
    });

    it('while canceling: "Ends on" the period end', () => {
      const s = snapshot({ kind: 'activeCanceling', account: summary({ subscription: { ...sub, cancelAtPeriodEnd: true, currentPeriodEnd: '2027-01-01T12:00:00.000Z' } }) });
      assert.match(statusBarContent(s, T0, fmt).tooltip, /Ends on Jan 1, 2027/);
    });

    it('with a scheduled downgrade: "Switches to Pro on" its date', () => {
      const base = tier('pro_plus', 'Pro+', 4000);
      const scheduledChange = { to: { planId: 'pro' as const, planName: 'Pro', interval: 'month' as const, price: { amount: 2000, currency: 'USD' } }, effectiveAt: '2027-01-01T12:00:00.000Z' };
      const s = { ...base, account: { ...base.account!, subscription: { ...base.account!.subscription!, scheduledChange } } };
      assert.match(statusBarContent(s, T0, fmt).tooltip, /Switches to Pro on Jan 1, 2027/);
    });

    it('with a pending plan change: the upgrade waits for payment', () => {
      const pendingPlanChange = {
        to: { planId: 'pro_plus' as const, planName: 'Pro+', interval: 'month' as const, price: { amount: 4000, currency: 'USD' } },
        invoiceId: 'in_1',
        amountDue: { amount: 1342, currency: 'USD' },
        reason: 'authentication_required' as const,
        declineCode: null,
        message: 'Your bank asks you to confirm this payment.',
        expiresAt: '2027-01-01T12:00:00.000Z',
      };
      const s = snapshot({ account: summary({ pendingPlanChange }) });
      assert.match(statusBarContent(s, T0, fmt).tooltip, /Upgrade to Pro\\\+ waiting for payment/);
    });
  });
});

describe('status bar content with usage', () => {
  const fmtU = { locale: 'en-US', timeZone: 'UTC' };
  it('below 75 % used: the plan only, the tooltip shows used / included and the reset date', () => {
    const content = statusBarContent(snapshot({}), T0, fmtU, usage('100.00'));
    assert.equal(content.text, '$(account) Pro');
    assert.equal(content.warning, false);
    assert.match(content.tooltip, /100 of 1,000 credits used \(10 %\) · Resets on Apr 1/);
  });
  it('from 75 %: what is left, no warning colour', () => {
    const content = statusBarContent(snapshot({}), T0, fmtU, usage('820.00'));
    assert.equal(content.text, '$(account) Pro · 180 credits left');
    assert.equal(content.warning, false);
    assert.match(content.accessibilityLabel, /180 credits left \(82 % used\)/);
  });
  it('from 90 %: warning colours', () => {
    const content = statusBarContent(snapshot({}), T0, fmtU, usage('950.50'));
    assert.equal(content.text, '$(warning) Pro · 49.50 credits left');
    assert.equal(content.warning, true);
  });
  it('exhausted: "no credits left" with warning colours', () => {
    const content = statusBarContent(snapshot({}), T0, fmtU, usage('1000.00', { quotaExceeded: 'credits_exhausted' }));
    assert.equal(content.text, '$(warning) Pro · no credits left');
    assert.equal(content.warning, true);
    assert.match(content.accessibilityLabel, /no credits left until Apr 1, 2026/);
  });
  it('plan credits used up, overage on under its cap: what the overage costs so far, of the cap', () => {
    const overage = { ...usage().overage!, used: '12.50', accrued: { amount: 50, currency: 'USD' } };
    const content = statusBarContent(snapshot({}), T0, fmtU, usage('1012.50', { overage }));
    assert.equal(content.text, '$(warning) Pro · overage $0.50 of $20.00');
    assert.equal(content.warning, true);
    assert.match(content.accessibilityLabel, /overage so far \$0\.50 of your \$20\.00 spend cap/);
    assert.match(content.tooltip, /1,000 of 1,000 credits used \(100 %\) · \$0\.50 beyond the plan so far/);
  });
  it('the cap reached: "no credits left"', () => {
    const overage = { ...usage().overage!, used: '500.00', accrued: { amount: 2000, currency: 'USD' }, capReached: true };
    const content = statusBarContent(snapshot({}), T0, fmtU, usage('1500.00', { overage, quotaExceeded: 'spend_cap_reached' }));
    assert.equal(content.text, '$(warning) Pro · no credits left');
  });
  it('signed out or past due: usage is not shown', () => {
    assert.equal(statusBarContent(SIGNED_OUT_SNAPSHOT, T0, fmtU, usage('1000.00')).text, '$(account) Sign in');
    assert.equal(statusBarContent(snapshot({ kind: 'pastDue' }), T0, fmtU, usage('1000.00')).text, '$(warning) Past due');
  });
});
