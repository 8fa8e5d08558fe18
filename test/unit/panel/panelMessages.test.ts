import { strict as assert } from 'node:assert';
import { DropLog } from '../../../src/panel/dropLog';
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

describe('the kind of a dropped message (what the drop log groups by)', () => {
  const kindOf = (raw: unknown) => {
    const check = checkWebviewMessage(raw);
    assert.equal(check.ok, false);
    return check.ok ? '' : check.kind;
  };

  it('is the message type for a known type with wrong fields', () => {
    assert.equal(kindOf({ type: 'openInvoice', invoiceId: 1 }), 'openInvoice with wrong fields');
    assert.equal(kindOf({ type: 'ready', extra: true }), 'ready with wrong fields');
  });

  it('is one kind for every unknown type, however many', () => {
    const kinds = new Set(['deleteAccount', 'x'.repeat(10_000), '__proto__', 42, null].map((type) => kindOf({ type })));
    assert.deepEqual([...kinds], ['unknown type']);
    assert.equal(kindOf({}), 'unknown type');
  });

  it('describes a type that cannot be turned into a string without throwing (found by the fuzz suite)', () => {
    for (const type of [{ toString: 'x', valueOf: 1 }, Object.create(null) as object, Symbol('s'), 10n]) {
      const check = checkWebviewMessage({ type });
      assert.equal(check.ok, false);
      if (!check.ok) assert.equal(check.kind, 'unknown type');
    }
    assert.equal(kindOf(Object.assign(Object.create(null) as object, { type: 'ready', x: 1 })), 'ready with wrong fields');
  });

  it('is "not an object" for anything else', () => {
    for (const raw of [null, 'ready', 42, [{ type: 'ready' }], undefined, true]) assert.equal(kindOf(raw), 'not an object');
  });
});

describe('DropLog', () => {
  it('logs the first drop of each kind with its reason, counts the rest, and reports the counts on flush', () => {
    const lines: string[] = [];
    const log = new DropLog((line) => lines.push(line));
    for (let i = 0; i < 1000; i++) log.note('unknown type', `type "t${i}": unknown`);
    log.note('ready with wrong fields', 'type "ready": extra field');
    assert.deepEqual(lines, [
      'Dropped a message from the Manage Plan webview (type "t0": unknown); more of this kind are counted, not logged',
      'Dropped a message from the Manage Plan webview (type "ready": extra field); more of this kind are counted, not logged',
    ]);
    log.flush();
    assert.equal(lines.at(-1), 'Dropped 999 more messages from the Manage Plan webview (unknown type)');
    assert.equal(lines.length, 3, 'a kind dropped once has nothing more to report');
    log.note('unknown type', 'again');
    assert.equal(lines.length, 4, 'after a flush the first of a kind is logged again');
  });

  it('keeps a bounded number of kinds apart, the rest together', () => {
    const lines: string[] = [];
    const log = new DropLog((line) => lines.push(line));
    for (let i = 0; i < 10_000; i++) log.note(`kind ${i}`, `reason ${i}`);
    assert.equal(lines.length, 64);
    log.flush();
    assert.equal(lines.at(-1), 'Dropped 9936 more messages from the Manage Plan webview (other kinds)');
  });
});
