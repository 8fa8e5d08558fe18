/**
 * Saved payment methods (journey 13): every card with brand mark, last 4,
 * expiry, funding and the default badge, the expiry warnings per card, the
 * portal's Add and Edit, Make default and Remove through the host, and the
 * host's replies shown as sentences.
 */
import assert from 'node:assert/strict';
import { within } from '@testing-library/preact';
import { type PaymentMethod } from '../../shared/contract/paymentMethods';
import { type PanelViewState } from '../../shared/panelProtocol';
import { card, cardsView, fixtures, MASTERCARD_DEBIT } from './fixtures';
import { button, hasButton, renderPanel } from './support/renderPanel';

const section = () => document.getElementById('payment-methods') as HTMLElement;
const text = () => section().textContent ?? '';
const items = () => [...section().querySelectorAll<HTMLLIElement>('ul.payment-methods > li')];
const itemOf = (last4: string) => {
  const item = items().find((li) => li.textContent?.includes(`•••• ${last4}`));
  assert.ok(item, `no card ending ${last4}`);
  return item;
};
const liveRegion = () => (document.querySelector('[aria-live="polite"]')?.textContent ?? '').trim();

function withCards(state: PanelViewState, cards: PaymentMethod[], overrides: Partial<PanelViewState['paymentMethods']> = {}): PanelViewState {
  const account = state.account!;
  return { ...state, account: { ...account, paymentMethod: cards.find((c) => c.isDefault) ?? null }, paymentMethods: cardsView(cards, overrides) };
}

describe('panel: saved payment methods', () => {
  it('lists every card: brand, •••• last 4, expiry, funding, and "ending in" for screen readers', async () => {
    await renderPanel({ state: fixtures.twoCards });
    assert.equal(items().length, 2);
    const visa = itemOf('4242');
    assert.match(visa.textContent ?? '', /Visa •••• 4242/);
    assert.ok(within(visa).getByText('Visa ending in 4242'));
    assert.match(visa.textContent ?? '', /Expires 04\/2029/);
    assert.match(visa.textContent ?? '', /Credit/);
    const mastercard = itemOf('8210');
    assert.ok(within(mastercard).getByText('Mastercard ending in 8210'));
    assert.match(mastercard.textContent ?? '', /Expires 09\/2030/);
    assert.match(mastercard.textContent ?? '', /Debit/);
    assert.equal(section().querySelector('ul')?.getAttribute('aria-label'), 'Saved cards');
  });

  it('marks the default card with a badge, and only that one', async () => {
    await renderPanel({ state: fixtures.twoCards });
    assert.equal(within(itemOf('4242')).getByText('Default').closest('.badge')?.classList.contains('badge--info'), true);
    assert.equal(within(itemOf('8210')).queryByText('Default'), null);
  });

  it('draws each brand as an inline mark in theme colours, hidden from screen readers', async () => {
    const brands = ['visa', 'mastercard', 'amex', 'discover', 'diners', 'jcb', 'unionpay'] as const;
    const cards = brands.map((brand, i) => card({ id: `pm_${brand}`, brand, last4: String(1000 + i), isDefault: i === 0 }));
    await renderPanel({ state: withCards(fixtures.twoCards, [...cards, card({ id: 'pm_other', brand: 'unknown', last4: '9999', isDefault: false })]) });
    for (const brand of brands) {
      const mark = section().querySelector(`.brand-mark--${brand}`)!;
      const svg = mark.querySelector('svg')!;
      assert.equal(svg.getAttribute('aria-hidden'), 'true', brand);
      // No <image> and no inline style: the CSP allows neither; colours come from classes.
      assert.equal(svg.querySelectorAll('image, [style], [href]').length, 0, brand);
      assert.ok(svg.querySelector('[class*="brand-mark__"]'), brand);
    }
    assert.ok(section().querySelector('.brand-mark--unknown .codicon-credit-card'));
    assert.match(text(), /American Express •••• 1002/);
    assert.match(text(), /Diners Club •••• 1004/);
    assert.match(text(), /JCB •••• 1005/);
    assert.match(text(), /UnionPay •••• 1006/);
    assert.match(text(), /Card •••• 9999/);
  });

  it('warns per card: the default before the next payment, another one too, and an expired one', async () => {
    const expiring = card({ expMonth: 11, expYear: 2026 });
    const otherExpiring = { ...MASTERCARD_DEBIT, expMonth: 11, expYear: 2026 };
    const expired = card({ id: 'pm_old', last4: '0005', expMonth: 10, expYear: 2026, isDefault: false });
    await renderPanel({ state: withCards(fixtures.twoCards, [expiring, otherExpiring, expired]) });
    assert.match(itemOf('4242').textContent ?? '', /This card expires before your next payment on Dec 1, 2026\. Update it to avoid an interruption\./);
    // The fix becomes the primary button of the default card.
    assert.equal(button(itemOf('4242'), 'Edit Visa ending in 4242').hasAttribute('secondary'), false);
    assert.match(itemOf('8210').textContent ?? '', /This card expires before your next payment on Dec 1, 2026\.Edit/);
    assert.equal(button(itemOf('8210'), 'Edit Mastercard ending in 8210').hasAttribute('secondary'), true);
    assert.match(itemOf('0005').textContent ?? '', /Expired 10\/2026/);
    assert.match(itemOf('0005').textContent ?? '', /This card has expired\. Update it or remove it\./);
  });

  it('does not warn about renewals that will not happen (canceling)', async () => {
    await renderPanel({ state: withCards(fixtures.canceling, [card({ expMonth: 11, expYear: 2026 })]) });
    assert.doesNotMatch(text(), /expires before/);
  });

  it('Add payment method opens the portal to add a card', async () => {
    const panel = await renderPanel({ state: fixtures.twoCards });
    await panel.click(button(section(), 'Add payment method'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'payment_method_add' }]);
  });

  it('Edit opens the portal on that card (new expiry, billing address)', async () => {
    const panel = await renderPanel({ state: fixtures.twoCards });
    await panel.click(button(itemOf('8210'), 'Edit Mastercard ending in 8210'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'payment_method_update', paymentMethodId: MASTERCARD_DEBIT.id }]);
  });

  it('Make default is offered for the other cards and asks the host', async () => {
    const panel = await renderPanel({ state: fixtures.twoCards });
    assert.equal(hasButton(itemOf('4242'), /^Make default: /), false);
    await panel.click(button(itemOf('8210'), 'Make default: Mastercard ending in 8210'));
    assert.deepEqual(panel.posted('makeDefaultPaymentMethod'), [{ type: 'makeDefaultPaymentMethod', paymentMethodId: MASTERCARD_DEBIT.id }]);
  });

  it('Remove asks the host, which confirms before removing', async () => {
    const panel = await renderPanel({ state: fixtures.twoCards });
    await panel.click(button(itemOf('4242'), 'Remove Visa ending in 4242'));
    assert.deepEqual(panel.posted('removePaymentMethod'), [{ type: 'removePaymentMethod', paymentMethodId: 'pm_visa' }]);
  });

  it('while a change runs: that card says so, and no other change can start', async () => {
    const state = withCards(fixtures.twoCards, [card(), MASTERCARD_DEBIT], { pending: { paymentMethodId: MASTERCARD_DEBIT.id, action: 'makeDefault' } });
    const panel = await renderPanel({ state });
    const busy = button(itemOf('8210'), 'Make default: Mastercard ending in 8210');
    assert.equal(busy.textContent, 'Making default…');
    assert.equal(busy.getAttribute('aria-busy'), 'true');
    assert.ok(button(itemOf('4242'), 'Remove Visa ending in 4242').hasAttribute('disabled'));
    await panel.send({ type: 'state', state: withCards(fixtures.twoCards, [card(), MASTERCARD_DEBIT], { pending: { paymentMethodId: 'pm_visa', action: 'remove' } }) });
    assert.equal(button(itemOf('4242'), 'Remove Visa ending in 4242').textContent, 'Removing…');
  });

  it("a refused removal: the service's reason as a sentence, announced, dismissable", async () => {
    const panel = await renderPanel({ state: fixtures.twoCards });
    const reason = 'This is the only card of a subscription that still charges. Add another card first, then remove this one.';
    await panel.send({ type: 'paymentMethodResult', action: 'remove', paymentMethodId: 'pm_visa', status: 'failed', message: reason });
    const notice = section().querySelector('.card-change-notice')!;
    assert.match(notice.textContent ?? '', /Couldn't remove the card/);
    assert.match(notice.textContent ?? '', /Add another card first, then remove this one\./);
    assert.equal(liveRegion(), `Couldn't remove the card. ${reason}`);
    await panel.click(button(notice as HTMLElement, 'Dismiss'));
    assert.equal(section().querySelector('.card-change-notice'), null);
  });

  it('a change that went through is confirmed, naming the card even once it is gone', async () => {
    const panel = await renderPanel({ state: fixtures.twoCards });
    await panel.sendState(withCards(fixtures.twoCards, [{ ...MASTERCARD_DEBIT, isDefault: true }]));
    await panel.send({ type: 'paymentMethodResult', action: 'remove', paymentMethodId: 'pm_visa', status: 'done', message: null });
    assert.equal(liveRegion(), 'Visa ending in 4242 was removed.');
    assert.match(text(), /Visa ending in 4242 was removed\./);
    await panel.send({ type: 'paymentMethodResult', action: 'makeDefault', paymentMethodId: MASTERCARD_DEBIT.id, status: 'done', message: null });
    assert.equal(liveRegion(), 'Mastercard ending in 8210 is now your default card.');
  });

  it('a declined confirmation changes nothing on the page', async () => {
    const panel = await renderPanel({ state: fixtures.twoCards });
    await panel.send({ type: 'paymentMethodResult', action: 'remove', paymentMethodId: 'pm_visa', status: 'cancelled', message: null });
    assert.equal(section().querySelector('.card-change-notice'), null);
    assert.equal(items().length, 2);
  });

  it('before the list arrived: the default card from the summary, editable but not yet removable', async () => {
    await renderPanel({ state: { ...fixtures.twoCards, paymentMethods: cardsView([], { loaded: false, loading: true }) } });
    assert.equal(items().length, 1);
    assert.ok(hasButton(itemOf('4242'), 'Edit Visa ending in 4242'));
    assert.equal(hasButton(section(), /^Remove /), false);
    assert.equal(section().querySelector('ul')?.getAttribute('aria-busy'), 'true');
  });

  it('a list that failed to load: the reason and Try again, with the default card still shown', async () => {
    const panel = await renderPanel({
      state: { ...fixtures.twoCards, paymentMethods: cardsView([], { loaded: false, error: { kind: 'offline', message: 'socket hang up' } }) },
    });
    assert.match(text(), /Couldn't load your saved cards/);
    assert.match(text(), /Can't reach the billing service\./);
    assert.equal(items().length, 1);
    await panel.click(button(section(), 'Try again'));
    assert.deepEqual(panel.posted('loadPaymentMethods'), [{ type: 'loadPaymentMethods' }]);
  });

  it('without a card: says so and offers to add one in the portal', async () => {
    const panel = await renderPanel({ state: fixtures.free });
    assert.ok(within(section()).getByText('No payment method on file.'));
    await panel.click(button(section(), 'Add payment method'));
    assert.deepEqual(panel.posted('openPortal'), [{ type: 'openPortal', flow: 'payment_method_add' }]);
  });

  it('says which cards are accepted and that card numbers are typed only in the portal', async () => {
    await renderPanel({ state: fixtures.twoCards });
    assert.match(text(), /We accept all major credit and debit cards\. Card details are entered only in the secure payment portal, never in the editor\./);
  });
});
