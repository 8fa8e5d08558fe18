/**
 * Keyboard order of the main actions: the sequential focus order is document
 * order here (no positive tabindex anywhere), so it is read from the DOM. The
 * real-browser test presses Tab to confirm it.
 */
import assert from 'node:assert/strict';
import { fixtures } from './fixtures';
import { button, renderPanel, tabOrder } from './support/renderPanel';

describe('panel: keyboard order', () => {
  it('past due: Refresh, the banner fixes, payment method, billing Edit, then invoices', async () => {
    await renderPanel({ state: fixtures.pastDue });
    assert.deepEqual(tabOrder(document.body), [
      'Refresh',
      'Update payment method',
      'Pay now',
      'Update payment method',
      'Edit',
      'Download the PDF of invoice PB-2026-0020',
      'Download the PDF of invoice PB-2026-0011',
      'Download the PDF of invoice PB-2026-0010',
      'Download the PDF of invoice PB-2026-0009',
    ]);
  });

  it('free: Refresh, Upgrade, add a card, add billing details', async () => {
    await renderPanel({ state: fixtures.free });
    assert.deepEqual(tabOrder(document.body), ['Refresh', 'Upgrade', 'Add payment method', 'Add billing information']);
  });

  it('active: the subscription action comes before payment method, billing and the invoice rows, then Load more', async () => {
    await renderPanel({ state: fixtures.activeExpiringCard });
    const order = tabOrder(document.body);
    assert.deepEqual(order.slice(0, 4), ['Refresh', 'Manage subscription', 'Update payment method', 'Edit']);
    assert.equal(order[4], 'Download the PDF of invoice PB-2026-0012');
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
