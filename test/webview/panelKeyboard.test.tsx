/**
 * Keyboard order of the main actions: the sequential focus order is document
 * order here (no positive tabindex anywhere), so it is read from the DOM. The
 * real-browser test presses Tab to confirm it. Switching views moves focus:
 * to the new view's heading, and back to what opened it.
 */
import assert from 'node:assert/strict';
import { fixtures, PAST_DUE_TAB_ORDER, VAT_INVOICES } from './fixtures';
import { button, renderPanel, tabOrder } from './support/renderPanel';

const focusedName = () => {
  const el = document.activeElement as HTMLElement | null;
  return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
};

describe('panel: keyboard order', () => {
  it('past due: Refresh, the banner fixes, the cards, billing Edit, then payments and the invoices', async () => {
    await renderPanel({ state: fixtures.pastDue });
    assert.deepEqual(tabOrder(document.body).slice(0, PAST_DUE_TAB_ORDER.length), PAST_DUE_TAB_ORDER);
  });

  it('free: Refresh, Change plan, add a card, add billing details', async () => {
    await renderPanel({ state: fixtures.free });
    assert.deepEqual(tabOrder(document.body), ['Refresh', 'Change plan', 'Add payment method', 'Add billing information']);
  });

  it('two cards: Add, then each card its Edit, Make default (not the default) and Remove', async () => {
    await renderPanel({ state: fixtures.twoCards });
    const order = tabOrder(document.body);
    const from = order.indexOf('Add payment method');
    assert.deepEqual(order.slice(from, from + 6), [
      'Add payment method',
      'Edit Visa ending in 4242',
      'Remove Visa ending in 4242',
      'Edit Mastercard ending in 8210',
      'Make default: Mastercard ending in 8210',
      'Remove Mastercard ending in 8210',
    ]);
  });

  it('active: the subscription action comes before payment methods, billing and the invoice rows, then Load more', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    const order = tabOrder(document.body);
    assert.deepEqual(order.slice(0, 10), [
      'Refresh',
      'Change plan',
      'Manage subscription',
      'Cancel subscription',
      'Add payment method',
      'Edit Mastercard ending in 5454',
      'Remove Mastercard ending in 5454',
      'Edit',
      'Payments',
      'View invoice PB-2026-0012',
    ]);
    assert.equal(order[10], 'Download PDF of invoice PB-2026-0012');
    assert.equal(order.at(-1), 'Load more');
  });

  it('no positive tabindex reorders anything', async () => {
    await renderPanel({ state: fixtures.pastDue });
    const positive = [...document.querySelectorAll('[tabindex]')].filter((el) => Number(el.getAttribute('tabindex')) > 0);
    assert.deepEqual(positive, []);
  });

  it('icon-only buttons have a label', async () => {
    const panel = await renderPanel({ state: fixtures.activeExpiringCard });
    await panel.click(button(document.getElementById('billing-info')!, 'Edit'));
    const unlabeled = [...document.querySelectorAll('vscode-button')].filter(
      (b) => !b.textContent?.trim() && !b.getAttribute('aria-label'),
    );
    assert.deepEqual(unlabeled, []);
    assert.ok(document.querySelector('vscode-button[aria-label="Remove tax ID 1"]'));
  });
});

describe('panel: keyboard through the details view and back', () => {
  it("an invoice's number is a button; opening it focuses the details heading, Back returns focus to it", async () => {
    const panel = await renderPanel({ state: fixtures.invoiceDetailsVat });
    const invoice = VAT_INVOICES[0]!;
    const open = button(document.body, `View invoice ${invoice.number}`);
    assert.equal(open.tagName, 'BUTTON', 'a native button: Enter and Space open it');
    open.focus();
    await panel.click(open);
    assert.equal(document.activeElement?.id, 'invoice-details-heading');
    assert.equal(document.activeElement?.getAttribute('tabindex'), '-1', 'focusable by script, not a tab stop');
    // The details view's own order: Back, Download PDF (no Pay now: the invoice is paid).
    assert.deepEqual(tabOrder(document.body), ['Refresh', 'Back to invoices', `Download PDF of invoice ${invoice.number}`]);
    await panel.click(button(document.body, 'Back to invoices'));
    assert.equal(focusedName(), `View invoice ${invoice.number}`);
    assert.ok(document.getElementById('invoices'), 'the overview is back');
  });

  it('the Payments view: its heading takes focus; Back returns to the Payments button', async () => {
    const panel = await renderPanel({ state: fixtures.payments });
    await panel.click(button(document.body, 'Payments'));
    assert.equal(document.activeElement?.id, 'payments-heading');
    const order = tabOrder(document.body);
    assert.deepEqual(order.slice(0, 3), ['Refresh', 'Back to the overview', `View invoice ${VAT_INVOICES[0]!.number}`]);
    assert.equal(order.at(-1), 'Load more');
    await panel.click(button(document.body, 'Back to the overview'));
    assert.equal(document.activeElement?.id, 'show-payments');
  });

  it('an invoice opened from Payments goes back to Payments, focus on the row it came from', async () => {
    const panel = await renderPanel({ state: fixtures.payments });
    await panel.click(button(document.body, 'Payments'));
    const invoice = VAT_INVOICES[1]!;
    await panel.click(button(document.body, `View invoice ${invoice.number}`));
    assert.ok(button(document.body, 'Back to payments'));
    await panel.click(button(document.body, 'Back to payments'));
    assert.equal(focusedName(), `View invoice ${invoice.number}`);
    assert.ok(document.getElementById('payments'), 'the Payments view is back');
  });
});
