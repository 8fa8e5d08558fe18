/** Payment method: the card as the service reports it, the expiry warning, and the portal link. */
import assert from 'node:assert/strict';
import { within } from '@testing-library/preact';
import { type PanelViewState } from '../../shared/panelProtocol';
import { fixtures } from './fixtures';
import { button, renderPanel } from './support/renderPanel';

const section = () => document.getElementById('payment-method') as HTMLElement;
const text = () => section().textContent ?? '';

function withCard(state: PanelViewState, card: { expMonth: number; expYear: number }): PanelViewState {
  const account = state.account!;
  return { ...state, account: { ...account, paymentMethod: { ...account.paymentMethod!, ...card } } };
}

describe('panel: payment method', () => {
  it('shows brand, last 4 and expiry, and says "ending in" to screen readers', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    assert.match(text(), /Mastercard •••• 5454/);
    assert.ok(within(section()).getByText('Mastercard ending in 5454'));
    assert.ok(within(section()).getByText('Expires 11/2026'));
  });

  it('warns when the card expires before the next billing date', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    assert.ok(
      within(section()).getByText(
        'This card expires before your next payment on Dec 1, 2026. Update it to avoid an interruption.',
      ),
    );
    // The fix becomes the primary button.
    assert.equal(button(section(), 'Update payment method').hasAttribute('secondary'), false);
  });

  it('does not warn about a card valid past the next billing date', async () => {
    await renderPanel({ state: withCard(fixtures.activeExpiringCard, { expMonth: 12, expYear: 2026 }) });
    assert.doesNotMatch(text(), /expires before/);
    assert.equal(button(section(), 'Update payment method').hasAttribute('secondary'), true);
  });

  it('says so when the card has already expired', async () => {
    await renderPanel({ state: withCard(fixtures.activeExpiringCard, { expMonth: 10, expYear: 2026 }) });
    assert.ok(within(section()).getByText('Expired 10/2026'));
    assert.match(text(), /This card has expired\./);
    assert.doesNotMatch(text(), /expires before/);
  });

  it('does not warn about renewals that will not happen (canceling, ended)', async () => {
    await renderPanel({ state: withCard(fixtures.canceling, { expMonth: 11, expYear: 2026 }) });
    assert.doesNotMatch(text(), /expires before/);
  });

  it('Update payment method opens the portal for a card update', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    await panel.click(button(section(), 'Update payment method'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'payment_method_update' }]);
  });

  it('without a card: says so and offers to add one in the portal', async () => {
    const panel = await renderPanel({ state: fixtures.free });
    assert.ok(within(section()).getByText('No payment method on file.'));
    await panel.click(button(section(), 'Add payment method'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'payment_method_update' }]);
  });

  it('tells the user card numbers are typed only in the portal', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    assert.match(text(), /Card details are entered only in the secure payment portal, never in the editor\./);
  });
});
