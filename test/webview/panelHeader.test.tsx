/** Header, freshness, the stale/offline notice, the portal notice and status announcements. */
import assert from 'node:assert/strict';
import { screen, within } from '@testing-library/preact';
import { fixtures, NOW } from './fixtures';
import { button, hasButton, renderPanel } from './support/renderPanel';

const header = () => document.querySelector('header') as HTMLElement;
const liveRegion = () => (document.querySelector('[aria-live="polite"]')?.textContent ?? '').trim();

describe('panel: header', () => {
  it('shows who is signed in and how fresh the data is', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    assert.ok(within(header()).getByText('pro@sandbox.test'));
    assert.ok(within(header()).getByText('Last updated 2 minutes ago'));
  });

  it('measures freshness against the current time', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard, now: NOW + 60 * 60_000 });
    assert.ok(within(header()).getByText('Last updated 1 hour ago'));
  });

  it('Refresh asks the host to refresh, and shows progress while it runs', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    await panel.click(button(header(), 'Refresh'));
    assert.deepEqual(panel.posted('refresh'), [{ type: 'refresh' }]);
    await panel.sendState({ ...fixtures.activeExpiringCard, refreshing: true });
    const refreshing = button(header(), 'Refreshing…');
    assert.equal(refreshing.getAttribute('aria-busy'), 'true');
  });

  it('stale and offline: last verified time, the reason, and how long paid features work offline', async () => {
    await renderPanel({ state: fixtures.staleOffline });
    assert.ok(within(header()).getByText('Last verified 3 hours ago'));
    assert.ok(within(header()).getByText('works offline until Dec 1, 2026'));
    assert.ok(screen.getByText("You're offline"));
    assert.ok(
      screen.getByText(
        "Can't reach the billing service. Check your internet connection. This page shows the last verified information.",
      ),
    );
  });

  it('stale for another reason: "Couldn\'t refresh" with that reason', async () => {
    await renderPanel({
      state: { ...fixtures.activeExpiringCard, stale: true, error: { kind: 'rateLimited', message: '429' } },
    });
    assert.ok(screen.getByText("Couldn't refresh"));
    assert.match(document.body.textContent ?? '', /The billing service is busy\. Try again in a moment\./);
  });
});

describe('panel: payment portal notice', () => {
  it('waiting: says so, explains, and can be dismissed', async () => {
    const panel = await renderPanel({
      state: { ...fixtures.pastDue, portal: { waiting: true, flow: 'payment_method_update', confirmation: null } },
    });
    assert.ok(screen.getByText('Waiting for the payment portal…'));
    assert.ok(screen.getByText('Finish in your browser. This page updates by itself when the change arrives.'));
    await panel.click(button(document.querySelector('.portal-notice')!, 'Dismiss'));
    assert.deepEqual(panel.posted('dismissPortalNotice'), [{ type: 'dismissPortalNotice' }]);
  });

  it('confirmation: shows the host\'s sentence, dismissable', async () => {
    const panel = await renderPanel({
      state: {
        ...fixtures.activeExpiringCard,
        portal: { waiting: false, flow: 'pay_outstanding_balance', confirmation: 'Payment received. Pro is active again.' },
      },
    });
    assert.ok(screen.getByText('Payment received. Pro is active again.'));
    assert.equal(hasButton(document.body, /Waiting/), false);
    await panel.click(button(document.querySelector('.portal-notice')!, 'Dismiss'));
    assert.deepEqual(panel.posted('dismissPortalNotice'), [{ type: 'dismissPortalNotice' }]);
  });

  it('is gone once the host clears it', async () => {
    const panel = await renderPanel({
      state: { ...fixtures.pastDue, portal: { waiting: true, flow: 'payment_method_update', confirmation: null } },
    });
    await panel.sendState(fixtures.pastDue);
    assert.equal(document.querySelector('.portal-notice'), null);
  });
});

describe('panel: status announcements (aria-live)', () => {
  it('announces a refresh the user asked for, then its outcome', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    assert.equal(liveRegion(), '');
    await panel.click(button(header(), 'Refresh'));
    await panel.sendState({ ...fixtures.activeExpiringCard, refreshing: true });
    assert.equal(liveRegion(), 'Refreshing…');
    await panel.sendState(fixtures.activeExpiringCard);
    assert.equal(liveRegion(), 'Account information updated.');
  });

  it('keeps quiet about background refreshes that change nothing', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    await panel.sendState({ ...fixtures.activeExpiringCard, refreshing: true });
    await panel.sendState(fixtures.activeExpiringCard);
    assert.equal(liveRegion(), '');
  });

  it('announces a failed refresh with its reason, asked for or not', async () => {
    const panel = await renderPanel({ state: { ...fixtures.activeExpiringCard, refreshing: true } });
    await panel.sendState(fixtures.staleOffline);
    assert.equal(liveRegion(), "Couldn't refresh: Can't reach the billing service. Check your internet connection.");
  });

  it('announces waiting for the portal and the confirmation', async () => {
    const panel = await renderPanel({ state: fixtures.pastDue });
    await panel.sendState({ ...fixtures.pastDue, portal: { waiting: true, flow: 'payment_method_update', confirmation: null } });
    assert.equal(liveRegion(), 'Waiting for the payment portal…');
    await panel.sendState({
      ...fixtures.activeExpiringCard,
      portal: { waiting: false, flow: 'payment_method_update', confirmation: 'Payment received. Pro is active again.' },
    });
    assert.equal(liveRegion(), 'Payment received. Pro is active again.');
  });

  it('announces falling past due', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    await panel.sendState(fixtures.pastDue);
    assert.equal(liveRegion(), 'A payment is past due.');
  });

  it('announces the same message twice in a row as two announcements', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    const failed = { type: 'downloadProgress', invoiceId: 'in_0012', status: 'failed', message: 'Disk full.' } as const;
    await panel.send(failed);
    const first = document.querySelector('[aria-live="polite"]')?.textContent;
    await panel.send(failed);
    const second = document.querySelector('[aria-live="polite"]')?.textContent;
    assert.equal(first?.trim(), "Couldn't download invoice PB-2026-0012. Disk full.");
    assert.equal(second?.trim(), first?.trim());
    assert.notEqual(first, second, 'the text changes, so the live region speaks again');
  });
});
