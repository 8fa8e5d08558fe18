/** The panel's whole-page states and its handshake with the host. */
import assert from 'node:assert/strict';
import { screen } from '@testing-library/preact';
import { fixtures, viewState } from './fixtures';
import { button, hasButton, renderPanel } from './support/renderPanel';

const pageText = () => document.body.textContent ?? '';

describe('panel: handshake with the host', () => {
  it('says ready once, before any state, and shows the skeleton meanwhile', async () => {
    const panel = await renderPanel();
    assert.deepEqual(panel.api.posted, [{ type: 'ready' }]);
    assert.ok(screen.getByText('Loading your account…'));
    assert.equal(document.querySelector('main [aria-busy="true"]') !== null, true);
  });

  it('reports every painted state with whether account data is visible', async () => {
    const panel = await renderPanel();
    await panel.sendState(fixtures.loading);
    await panel.sendState(fixtures.activeExpiringCard);
    await panel.sendState(fixtures.signedOut);
    await panel.sendState(fixtures.checking);
    assert.deepEqual(panel.posted('rendered'), [
      { type: 'rendered', hasData: false },
      { type: 'rendered', hasData: true },
      { type: 'rendered', hasData: false },
      { type: 'rendered', hasData: true },
    ]);
  });

  it('ignores messages that are not from the protocol', async () => {
    const panel = await renderPanel({ state: fixtures.free });
    await panel.send({ type: 'bogus' } as never);
    assert.equal(panel.posted('rendered').length, 1);
    assert.ok(screen.getByText('free@sandbox.test'));
  });
});

describe('panel: whole-page states', () => {
  it('loading: a skeleton while the first summary is fetched', async () => {
    await renderPanel({ state: fixtures.loading });
    assert.ok(screen.getByText('Loading your account…'));
    assert.equal(document.querySelectorAll('.skeleton__card').length, 3);
    assert.doesNotMatch(pageText(), /Subscription|Invoices/);
  });

  it('error: the reason in words, the details, and Retry', async () => {
    const panel = await renderPanel({ state: fixtures.error });
    assert.ok(screen.getByText("Couldn't load your account"));
    assert.ok(screen.getByText('The billing service had a problem. Try again later.'));
    assert.ok(screen.getByText('HTTP 503 from GET /v1/account'));
    await panel.click(button(document.body, 'Retry'));
    assert.deepEqual(panel.posted('refresh'), [{ type: 'refresh' }]);
  });

  it('error: each kind has its own words', async () => {
    const panel = await renderPanel();
    const expectations = {
      offline: "Can't reach the billing service. Check your internet connection.",
      rateLimited: 'The billing service is busy. Try again in a moment.',
      invalidResponse: "The billing service sent a response that couldn't be read.",
      unknown: 'Something went wrong.',
    } as const;
    for (const [kind, words] of Object.entries(expectations)) {
      await panel.sendState(viewState({ error: { kind: kind as keyof typeof expectations, message: '' } }));
      assert.ok(screen.getByText(words), kind);
    }
  });

  it('error: an expired session offers Sign in next to Retry', async () => {
    const panel = await renderPanel({
      state: viewState({ error: { kind: 'unauthorized', message: 'The refresh token was revoked.' } }),
    });
    assert.ok(screen.getByText('Your session has expired. Sign in again.'));
    await panel.click(button(document.body, 'Sign in'));
    assert.deepEqual(panel.posted('signIn'), [{ type: 'signIn' }]);
    assert.ok(hasButton(document.body, 'Retry'));
  });

  it('retrying: the Retry button says so while the refresh runs', async () => {
    await renderPanel({ state: { ...fixtures.error, refreshing: true } });
    assert.ok(hasButton(document.body, 'Retrying…'));
    assert.equal(button(document.body, 'Retrying…').getAttribute('aria-busy'), 'true');
  });

  it('signed out: what the panel is for and Sign in, nothing else to press', async () => {
    const panel = await renderPanel({ state: fixtures.signedOut });
    assert.ok(screen.getByText('Sign in to manage your plan'));
    assert.equal(hasButton(document.body, 'Refresh'), false);
    await panel.click(button(document.body, 'Sign in'));
    assert.deepEqual(panel.posted('signIn'), [{ type: 'signIn' }]);
    assert.equal(document.querySelectorAll('vscode-button').length, 1);
  });

  it('checking without data: never says Free and offers no upgrade', async () => {
    await renderPanel({ state: fixtures.checkingNoData });
    assert.ok(screen.getByText('Checking your plan…'));
    assert.doesNotMatch(pageText(), /Free|Upgrade/);
  });

  it('checking with a cached Free summary: still neither "Free" nor an upgrade', async () => {
    await renderPanel({ state: fixtures.checking });
    assert.ok(screen.getByText('Checking your plan…'));
    assert.doesNotMatch(pageText(), /\bFree\b|Upgrade/);
    assert.equal(hasButton(document.body, /Upgrade/), false);
    // The rest of the cached account is shown meanwhile.
    assert.ok(screen.getByText('free@sandbox.test'));
  });

  it('updates in place: cached data first, then the verified state', async () => {
    const panel = await renderPanel({ state: fixtures.checking });
    await panel.sendState(fixtures.free);
    assert.ok(screen.getByRole('heading', { name: 'Free' }));
    assert.ok(hasButton(document.body, 'Change plan'));
  });
});

describe('panel: landmarks and structure', () => {
  it('has a banner header, a main region and a heading per section', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    assert.equal(document.querySelectorAll('header').length, 1);
    assert.equal(document.querySelectorAll('main').length, 1);
    assert.ok(screen.getByRole('heading', { level: 1, name: 'Plan & Billing' }));
    for (const name of ['Subscription', 'Payment methods', 'Billing information', 'Invoices']) {
      const heading = screen.getByRole('heading', { level: 2, name });
      const section = heading.closest('section');
      assert.ok(section, name);
      assert.equal(section.getAttribute('aria-labelledby'), heading.id);
    }
  });

  it('has one polite live region for status changes', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    const regions = document.querySelectorAll('[aria-live]');
    assert.equal(regions.length, 1);
    assert.equal(regions[0].getAttribute('aria-live'), 'polite');
    assert.equal(regions[0].getAttribute('role'), 'status');
  });

  it('speaks the display language through the l10n bundle', async () => {
    await renderPanel({
      state: fixtures.activeExpiringCard,
      locale: 'de',
      l10n: {
        'Plan & Billing': 'Plan & Abrechnung',
        Subscription: 'Abonnement',
        '{0} per month': '{0} pro Monat',
        'Last updated {0}': 'Zuletzt aktualisiert {0}',
      },
    });
    assert.ok(screen.getByRole('heading', { level: 1, name: 'Plan & Abrechnung' }));
    assert.ok(screen.getByRole('heading', { level: 2, name: 'Abonnement' }));
    assert.ok(screen.getByText('20,00 $ pro Monat'));
    assert.ok(screen.getByText('Zuletzt aktualisiert vor 2 Minuten'));
    // Strings the bundle lacks stay English.
    assert.ok(screen.getByRole('heading', { level: 2, name: 'Invoices' }));
  });
});
