/**
 * The Usage section (section#usage): a meter per pool with percent and what is
 * left, the reset date in the user's time zone, the daily and history charts
 * with accessible names and their table fallbacks, Export CSV, the overage
 * settings confirmed in words that state the price, validation, Free,
 * exhausted, cap reached and stale usage.
 */
import assert from 'node:assert/strict';
import { fixtures, NO_USAGE, PRO_ACCOUNT, usageData, usageView, viewState } from './fixtures';
import { button, hasButton, renderPanel } from './support/renderPanel';

const section = () => document.getElementById('usage') as HTMLElement;
const text = () => section().textContent ?? '';
const meters = () => [...section().querySelectorAll<HTMLElement>('[role="meter"]')];
const meterNamed = (name: string) => {
  const meter = meters().find((m) => document.getElementById(m.getAttribute('aria-labelledby')!)?.textContent?.includes(name));
  assert.ok(meter, `no meter named ${name}`);
  return meter;
};

describe('panel: usage', () => {
  it('shows nothing before the host sent any usage (no empty section)', async () => {
    await renderPanel({ state: viewState({ kind: 'active', account: PRO_ACCOUNT, usage: NO_USAGE }) });
    assert.equal(document.getElementById('usage'), null);
  });

  it('a meter for the plan credits: used / included, percent and remaining, as role="meter" with its values', async () => {
    await renderPanel({ state: fixtures.proUsage });
    assert.equal(section().tagName, 'SECTION');
    const plan = meterNamed('Pro plan credits');
    assert.equal(plan.getAttribute('aria-valuemin'), '0');
    assert.equal(plan.getAttribute('aria-valuemax'), '100');
    assert.equal(plan.getAttribute('aria-valuenow'), '62');
    assert.equal(plan.getAttribute('aria-valuetext'), '620.50 of 1,000 credits used (62 %), 379.50 left');
    assert.match(text(), /620\.50 of 1,000 credits used \(62 %\)379\.50 left/);
    // Overage is on: its meter against the spend cap.
    const overage = meterNamed('Overage');
    assert.equal(overage.getAttribute('aria-valuetext'), '0 credits beyond the plan: $0.00 of your $25.00 spend cap');
  });

  it('a meter per bonus grant with its expiry', async () => {
    await renderPanel({ state: fixtures.proUsageBonus });
    const bonus = meterNamed('Welcome bonus');
    assert.equal(bonus.getAttribute('aria-valuetext'), '50 of 200 credits used (25 %), 150 left');
    assert.match(text(), /Welcome bonus · Expires Dec 5, 2026/);
    assert.equal(meterNamed('Pro plan credits').getAttribute('aria-valuenow'), '100');
  });

  it('says when the credits reset, in the user\'s time zone, with the days left', async () => {
    await renderPanel({ state: fixtures.proUsage });
    assert.match(text(), /Resets on Dec 10 \(in 12 days\)/);
  });

  it('low and warning levels colour the meter by class (theme colours in CSS)', async () => {
    await renderPanel({ state: fixtures.proUsageLow });
    assert.ok(document.getElementById('usage-meter-plan')!.classList.contains('is-low'));
    assert.match(text(), /180 left/);
  });

  it('charts daily usage as SVG bars, each with an accessible name, and a table fallback', async () => {
    const panel = await renderPanel({ state: fixtures.proUsage });
    const chart = document.getElementById('usage-daily-chart')!;
    assert.equal(chart.getAttribute('role'), 'img');
    assert.equal(chart.getAttribute('aria-label'), 'Daily usage this period: 620.50 credits over 19 days');
    const bars = [...chart.querySelectorAll('rect.usage-chart__bar')];
    assert.equal(bars.length, 19);
    assert.equal(bars[0]!.querySelector('title')?.textContent, 'Nov 10: 30 credits');
    // The table is there for screen readers, hidden visually until asked for.
    const table = document.getElementById('usage-daily-table')!;
    assert.ok(table.classList.contains('visually-hidden'));
    assert.equal(table.querySelectorAll('tbody tr').length, 19);
    assert.equal(table.querySelector('caption')?.textContent, 'Daily usage this period');
    const toggle = button(document.getElementById('usage-daily')!, 'Show as table');
    assert.equal(toggle.getAttribute('aria-pressed'), 'false');
    await panel.click(toggle);
    assert.equal(document.getElementById('usage-daily-table')!.classList.contains('visually-hidden'), false);
    assert.equal(document.getElementById('usage-daily-chart'), null);
    assert.ok(hasButton(document.getElementById('usage-daily')!, 'Show as chart'));
  });

  it('charts the last 12 periods, oldest first, with a table of plan, included, used and overage', async () => {
    await renderPanel({ state: fixtures.proUsage });
    const chart = document.getElementById('usage-history-chart')!;
    assert.equal(chart.getAttribute('aria-label'), 'Credits used in each of the last 12 periods');
    const bars = [...chart.querySelectorAll('rect.usage-chart__bar')];
    assert.equal(bars.length, 12);
    assert.equal(bars[11]!.querySelector('title')?.textContent, 'Oct 2026: 1,103.45 of 1,000 credits used');
    const rows = [...document.querySelectorAll('#usage-history-table tbody tr')];
    assert.equal(rows.length, 12);
    assert.match(rows[0]!.textContent ?? '', /Pro1,0001,103\.45103\.45 credits, \$4\.14/);
  });

  it('Export CSV asks the host to save the history', async () => {
    const panel = await renderPanel({ state: fixtures.proUsage });
    await panel.click(button(section(), 'Export CSV'));
    assert.deepEqual(panel.posted('exportUsageCsv'), [{ type: 'exportUsageCsv' }]);
    await panel.sendState({ ...fixtures.proUsage, usage: { ...fixtures.proUsage.usage, export: { status: 'saved', message: 'Usage history saved to usage-history-2026-11.csv.' } } });
    assert.match(text(), /Usage history saved to usage-history-2026-11\.csv\./);
    await panel.click(button(section(), 'Dismiss'));
    assert.deepEqual(panel.posted('dismissUsageNotice'), [{ type: 'dismissUsageNotice' }]);
  });

  it('a new spend cap is confirmed in words that state the price before it is saved', async () => {
    const panel = await renderPanel({ state: fixtures.proUsage });
    const field = document.getElementById('usage-spend-cap')!;
    await panel.typeInto(field, '40.50');
    await panel.click(button(section(), 'Save spend cap'));
    assert.equal(panel.posted('saveUsageSettings').length, 0);
    const dialog = document.getElementById('usage-confirm')!;
    assert.equal(dialog.getAttribute('role'), 'alertdialog');
    assert.equal(document.getElementById('usage-confirm-text')!.textContent, 'Credits beyond your plan cost $0.04 each, up to $40.50 a month.');
    await panel.click(document.getElementById('usage-confirm-button')!);
    const [saved] = panel.posted('saveUsageSettings');
    assert.equal(saved!.overageEnabled, true);
    assert.equal(saved!.spendCap, 4050);
    assert.ok(saved!.requestId.length > 0);
  });

  it('turning overage on from off is confirmed with the price and the cap', async () => {
    const u = usageData(50_000);
    const panel = await renderPanel({ state: viewState({ kind: 'active', account: PRO_ACCOUNT, usage: usageView({ ...u, overage: { ...u.overage!, enabled: false } }) }) });
    const toggle = document.getElementById('usage-overage-enabled') as HTMLInputElement;
    assert.equal(toggle.getAttribute('role'), 'switch');
    assert.equal(toggle.checked, false);
    assert.equal(document.querySelector('label[for="usage-overage-enabled"]')?.textContent, 'Allow usage beyond my plan (overage)');
    await panel.click(toggle);
    assert.equal(document.getElementById('usage-confirm-text')!.textContent, 'Credits beyond your plan cost $0.04 each, up to $25.00 a month.');
    await panel.click(button(document.getElementById('usage-confirm')!, 'Enable overage'));
    assert.deepEqual(
      panel.posted('saveUsageSettings').map(({ overageEnabled, spendCap }) => ({ overageEnabled, spendCap })),
      [{ overageEnabled: true, spendCap: 2500 }],
    );
  });

  it('turning overage off says what it means; Cancel sends nothing', async () => {
    const panel = await renderPanel({ state: fixtures.proUsage });
    await panel.click(document.getElementById('usage-overage-enabled')!);
    assert.equal(document.getElementById('usage-confirm-text')!.textContent, 'Once your plan credits are used up, credit-consuming features stop until Dec 10, 2026.');
    await panel.click(button(document.getElementById('usage-confirm')!, 'Cancel'));
    assert.equal(document.getElementById('usage-confirm'), null);
    assert.equal(panel.posted('saveUsageSettings').length, 0);
  });

  it('validates the spend cap by the field: format, decimals, the $1,000.00 limit, not below the accrued overage', async () => {
    const base = usageData(100_000);
    const panel = await renderPanel({
      state: viewState({ kind: 'active', account: PRO_ACCOUNT, usage: usageView({ ...base, overage: { ...base.overage!, used: '100.00', accrued: usd400() } }) }),
    });
    const field = document.getElementById('usage-spend-cap')!;
    const errorText = () => document.getElementById('usage-spend-cap-error')?.textContent ?? '';
    const tries: Array<[string, string]> = [
      ['abc', 'Enter the spend cap in dollars, e.g. 25.00.'],
      ['12.345', 'Enter the spend cap with at most two decimals, e.g. 25.00.'],
      ['-5', 'The spend cap cannot be negative.'],
      ['1000.01', 'The spend cap can be at most $1,000.00.'],
      ['3.99', 'The spend cap cannot be below the $4.00 of overage already used this period.'],
    ];
    for (const [value, message] of tries) {
      await panel.typeInto(field, value);
      await panel.click(button(section(), 'Save spend cap'));
      assert.equal(errorText(), message, value);
      assert.equal(field.getAttribute('aria-describedby'), 'usage-spend-cap-error');
    }
    assert.equal(panel.posted('saveUsageSettings').length, 0);
    await panel.typeInto(field, '1000');
    await panel.click(button(section(), 'Save spend cap'));
    assert.equal(document.getElementById('usage-confirm-text')!.textContent, 'Credits beyond your plan cost $0.04 each, up to $1,000.00 a month.');
  });

  it('shows the service\'s field error by the spend cap field', async () => {
    await renderPanel({
      state: {
        ...fixtures.proUsage,
        usage: { ...fixtures.proUsage.usage, refusal: { code: 'cap_below_accrued', message: 'The spend cap is below the $4.00 already accrued this period.', fieldErrors: [] } },
      },
    });
    assert.equal(document.getElementById('usage-spend-cap-error')?.textContent, 'The spend cap is below the $4.00 already accrued this period.');
  });

  it('Free: overage is not offered, says why, and offers Upgrade to the Change plan view', async () => {
    const panel = await renderPanel({ state: fixtures.freeUsage });
    assert.equal(document.getElementById('usage-overage-enabled'), null);
    assert.match(text(), /Overage is not available on Free: Free includes 50 credits a month and stops there\./);
    assert.equal(meterNamed('Free plan credits').getAttribute('aria-valuetext'), '12.50 of 50 credits used (25 %), 37.50 left');
    await panel.click(button(document.getElementById('usage-overage')!, 'Upgrade'));
    assert.ok(panel.posted('loadPlans').length >= 1);
  });

  it('exhausted: "You have used all 1,000 credits of Pro this period." with Enable overage, Upgrade and the reset date', async () => {
    await renderPanel({ state: fixtures.proUsageExhausted });
    const notice = section().querySelector('.usage__quota')!;
    assert.match(notice.textContent ?? '', /You have used all 1,000 credits of Pro this period\./);
    assert.match(notice.textContent ?? '', /Your credits reset on Dec 10, 2026\./);
    assert.ok(hasButton(notice, 'Enable overage'));
    assert.ok(hasButton(notice, 'Upgrade'));
    assert.ok(document.getElementById('usage-meter-plan')!.classList.contains('is-exhausted'));
  });

  it('cap reached: names the cap, offers Raise spend cap and Upgrade', async () => {
    await renderPanel({ state: fixtures.proUsageCapReached });
    const notice = section().querySelector('.usage__quota')!;
    assert.match(notice.textContent ?? '', /You have reached your overage spend cap of \$25\.00 this period\./);
    assert.ok(hasButton(notice, 'Raise spend cap'));
    assert.equal(meterNamed('Overage').getAttribute('aria-valuetext'), '625 credits beyond the plan: $25.00 of your $25.00 spend cap');
    assert.match(text(), /Cap reached/);
  });

  it('stale: the last verified usage, marked with when it is from', async () => {
    await renderPanel({ state: fixtures.proUsageStale });
    assert.match(text(), /Usage as of Nov 28, 2026, 9:59 AM\. It could not be checked just now\./);
    assert.ok(meterNamed('Pro plan credits'));
  });

  it('no usage yet and the check failed: the error with Retry', async () => {
    const panel = await renderPanel({
      state: viewState({ kind: 'active', account: PRO_ACCOUNT, usage: usageView(null, { error: { kind: 'offline', message: "Can't reach the billing service." } }) }),
    });
    assert.match(text(), /Couldn't load your usage/);
    await panel.click(button(section(), /Retry|Try again/));
    assert.deepEqual(panel.posted('loadUsage'), [{ type: 'loadUsage' }]);
  });

  it('showUsage from the host focuses the overage toggle', async () => {
    const panel = await renderPanel({ state: fixtures.proUsage });
    await panel.send({ type: 'showUsage' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(document.activeElement?.id, 'usage-overage-enabled');
  });
});

function usd400() {
  return { amount: 400, currency: 'USD' };
}
