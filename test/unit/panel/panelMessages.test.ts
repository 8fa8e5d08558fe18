import { strict as assert } from 'node:assert';
import { checkWebviewMessage } from '../../../src/panel/panelMessages';

describe('checkWebviewMessage', () => {
  const address = { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
  const accepted: unknown[] = [
    { type: 'ready' },
    { type: 'rendered', hasData: true },
    { type: 'refresh' },
    { type: 'signIn' },
    { type: 'openPortal', flow: 'payment_method_update' },
    { type: 'openPortal', flow: 'pay_outstanding_balance' },
    { type: 'openPortal', flow: 'manage' },
    { type: 'loadMoreInvoices' },
    { type: 'downloadInvoice', invoiceId: 'in_123' },
    { type: 'saveBillingDetails', requestId: 'r1', details: { name: 'Ada', address, taxIds: [{ type: 'gb_vat', value: 'GB123456789' }] } },
    { type: 'dismissPortalNotice' },
    { type: 'openPortal', flow: 'payment_method_add' },
    { type: 'openPortal', flow: 'payment_method_update', paymentMethodId: 'pm_123' },
    { type: 'loadPaymentMethods' },
    { type: 'makeDefaultPaymentMethod', paymentMethodId: 'pm_123' },
    { type: 'removePaymentMethod', paymentMethodId: 'pm_123' },
    { type: 'openInvoice', invoiceId: 'in_123' },
    { type: 'closeDetails' },
    { type: 'loadPayments' },
    { type: 'loadMorePayments' },
    { type: 'openPortal', flow: 'plan_change_payment' },
    { type: 'loadPlans' },
    { type: 'previewPlanChange', planId: 'pro_plus', interval: 'month' },
    { type: 'previewPlanChange', planId: 'power', interval: 'year' },
    { type: 'confirmPlanChange', previewId: 'pv_123' },
    { type: 'cancelSubscription' },
    { type: 'cancelSubscription', reason: { code: 'too_expensive' } },
    { type: 'cancelSubscription', reason: { code: 'other', comment: 'Moving teams' } },
    { type: 'resumeSubscription' },
    { type: 'keepCurrentPlan' },
    { type: 'dismissPlanChange' },
  ];
  for (const message of accepted) {
    it(`accepts ${JSON.stringify(message).slice(0, 60)}`, () => assert.equal(checkWebviewMessage(message).ok, true));
  }

  const dropped: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'ready'],
    ['an array', [{ type: 'ready' }]],
    ['an unknown type', { type: 'runCommand', command: 'workbench.action.terminal.new' }],
    ['an unknown portal flow', { type: 'openPortal', flow: 'steal_card' }],
    ['a URL smuggled into openPortal', { type: 'openPortal', flow: 'manage', url: 'https://evil.example' }],
    ['an extra field', { type: 'refresh', force: true }],
    ['an oversized invoice id', { type: 'downloadInvoice', invoiceId: 'x'.repeat(65) }],
    ['an empty invoice id', { type: 'downloadInvoice', invoiceId: '' }],
    ['a wrong field type', { type: 'rendered', hasData: 'yes' }],
    ['billing details with an unknown field', { type: 'saveBillingDetails', requestId: 'r1', details: { name: 'A', address, taxIds: [], card: '4242' } }],
    ['a card id with a flow other than editing a card', { type: 'openPortal', flow: 'manage', paymentMethodId: 'pm_123' }],
    ['a card id to add a card', { type: 'openPortal', flow: 'payment_method_add', paymentMethodId: 'pm_123' }],
    ['a preview of an unknown tier', { type: 'previewPlanChange', planId: 'enterprise', interval: 'month' }],
    ['a preview of an unknown interval', { type: 'previewPlanChange', planId: 'pro', interval: 'week' }],
    ['a preview with a price smuggled in', { type: 'previewPlanChange', planId: 'pro', interval: 'month', price: 1 }],
    ['a confirmation without a preview id', { type: 'confirmPlanChange' }],
    ['an oversized preview id', { type: 'confirmPlanChange', previewId: 'p'.repeat(65) }],
    ['a confirmation naming its own plan', { type: 'confirmPlanChange', previewId: 'pv_1', planId: 'power' }],
    ['a cancellation reason not in the list', { type: 'cancelSubscription', reason: { code: 'angry' } }],
    ['an oversized cancellation comment', { type: 'cancelSubscription', reason: { code: 'other', comment: 'x'.repeat(1001) } }],
    ['a cancellation with an extra field', { type: 'cancelSubscription', immediately: true }],
    ['resume with a body', { type: 'resumeSubscription', planId: 'pro' }],
    ['an empty card id', { type: 'openPortal', flow: 'payment_method_update', paymentMethodId: '' }],
    ['a card id that is not a string', { type: 'makeDefaultPaymentMethod', paymentMethodId: 42 }],
    ['make default without a card', { type: 'makeDefaultPaymentMethod' }],
    ['an oversized card id', { type: 'removePaymentMethod', paymentMethodId: 'p'.repeat(65) }],
    ['a card number smuggled into a removal', { type: 'removePaymentMethod', paymentMethodId: 'pm_1', number: '4242424242424242' }],
    ['open an invoice without its id', { type: 'openInvoice' }],
    ['an oversized invoice id to open', { type: 'openInvoice', invoiceId: 'x'.repeat(65) }],
    ['a cursor smuggled into Load more', { type: 'loadMorePayments', startingAfter: 'py_1' }],
    ['billing details with a bad tax ID type', { type: 'saveBillingDetails', requestId: 'r1', details: { name: 'A', address, taxIds: [{ type: 'xx', value: '1' }] } }],
  ];
  for (const [name, message] of dropped) {
    it(`drops ${name}`, () => {
      const check = checkWebviewMessage(message);
      assert.equal(check.ok, false);
      if (!check.ok) assert.ok(check.reason.length > 0 && check.reason.length <= 201, check.reason);
    });
  }
});
