/**
 * Hostile messages "from the Manage Plan webview", for the fuzz suite
 * (test/integration/webviewFuzz.test.ts): valid message types with wrong,
 * missing, extra or huge fields, prototype-pollution keys, unknown types,
 * values that are not objects, deep nesting, and ids the host never listed.
 * Seeded, so a failing run can be replayed; every message is one the host must
 * drop without acting on it.
 */
import { checkWebviewMessage } from '../../src/panel/panelMessages';
import { seededRandom } from './seededRandom';

const ADDRESS = { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };

/** One valid message of each shape the protocol has (the starting points of the mutations). */
export const VALID_MESSAGES: readonly Record<string, unknown>[] = [
  { type: 'ready' },
  { type: 'rendered', hasData: true },
  { type: 'refresh' },
  { type: 'signIn' },
  { type: 'openPortal', flow: 'manage' },
  { type: 'openPortal', flow: 'payment_method_update', paymentMethodId: 'pm_123' },
  { type: 'loadMoreInvoices' },
  { type: 'downloadInvoice', invoiceId: 'in_123' },
  { type: 'loadPaymentMethods' },
  { type: 'makeDefaultPaymentMethod', paymentMethodId: 'pm_123' },
  { type: 'removePaymentMethod', paymentMethodId: 'pm_123' },
  { type: 'openInvoice', invoiceId: 'in_123' },
  { type: 'closeDetails' },
  { type: 'loadPayments' },
  { type: 'loadMorePayments' },
  { type: 'saveBillingDetails', requestId: 'r1', details: { name: 'Ada', address: ADDRESS, taxIds: [{ type: 'eu_vat', value: 'DE123456789' }] } },
  { type: 'dismissPortalNotice' },
  { type: 'loadPlans' },
  { type: 'previewPlanChange', planId: 'pro_plus', interval: 'month' },
  { type: 'confirmPlanChange', previewId: 'pv_123' },
  { type: 'cancelSubscription', reason: { code: 'other', comment: 'Moving teams' } },
  { type: 'resumeSubscription' },
  { type: 'keepCurrentPlan' },
  { type: 'dismissPlanChange' },
  { type: 'loadUsage' },
  { type: 'saveUsageSettings', requestId: 'r2', overageEnabled: true, spendCap: 5000 },
  { type: 'exportUsageCsv' },
  { type: 'dismissUsageNotice' },
];

/**
 * Messages that pass the protocol's schema but name something the host never
 * listed: it must refuse them by their ids (and tell no one).
 */
const UNLISTED_ID_TYPES = ['makeDefaultPaymentMethod', 'removePaymentMethod', 'confirmPlanChange', 'openPortal'] as const;

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'];

export interface FuzzCase {
  readonly kind: string;
  readonly message: unknown;
}

/** `count` hostile messages from `seed`, made one at a time (some hold a megabyte); the same seed gives the same messages. */
export function* fuzzMessages(seed: number, count: number): Generator<FuzzCase> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (max: number) => Math.floor(random() * max);
  const text = (length: number) => Array.from({ length }, () => String.fromCharCode(int(0x3000))).join('');
  const huge = () => 'x'.repeat(1 + int(1_000_000));
  const nested = (depth: number): unknown => {
    let value: unknown = { type: 'ready' };
    for (let i = 0; i < depth; i++) value = int(2) ? { a: value } : [value];
    return value;
  };
  const strangeValue = (): unknown =>
    pick<() => unknown>([
      () => null,
      () => int(2) === 0,
      () => -int(1e9),
      () => 1e308 * 10,
      () => Number.NaN,
      () => text(int(80)),
      huge,
      () => [],
      () => ({}),
      () => [text(5), int(10)],
      () => nested(50 + int(5_000)),
      () => '\u0000\uD800\uDFFF\u202E',
      () => ({ toString: 'x', valueOf: 1 }),
    ])();
  const withPollution = (base: Record<string, unknown>) => {
    const key = pick(POLLUTION_KEYS);
    // JSON.parse makes "__proto__" an own property, as a structured clone from the webview would.
    return JSON.parse(`{${JSON.stringify(key)}:{"polluted":true,"isAdmin":true},${JSON.stringify(base).slice(1)}`) as unknown;
  };

  const mutations: readonly [string, () => unknown][] = [
    ['unknown type', () => ({ type: pick(['deleteAccount', 'runCommand', 'eval', '__proto__', 'constructor', 'READY', 'ready ', text(int(40)), huge()]) })],
    ['type not a string', () => ({ type: strangeValue() })],
    ['no type', () => ({ flow: 'manage', paymentMethodId: 'pm_1' })],
    [
      'a field removed',
      () => {
        // Not the optional fields: a card edit without its card, or a cancellation without a reason, is a valid message.
        const base = { ...pick(VALID_MESSAGES.filter((m) => Object.keys(m).length > 1 && m.type !== 'cancelSubscription' && !('paymentMethodId' in m && m.type === 'openPortal'))) };
        delete base[pick(Object.keys(base).filter((k) => k !== 'type'))];
        return base;
      },
    ],
    [
      'a field of the wrong type',
      () => {
        const base = { ...pick(VALID_MESSAGES.filter((m) => Object.keys(m).length > 1)) };
        base[pick(Object.keys(base).filter((k) => k !== 'type'))] = strangeValue();
        return base;
      },
    ],
    ['an extra field', () => ({ ...pick(VALID_MESSAGES), [pick(['url', 'command', 'path', 'token', text(8)])]: strangeValue() })],
    ['a prototype-pollution key', () => withPollution(pick(VALID_MESSAGES))],
    ['not an object', () => pick<() => unknown>([() => null, () => undefined, () => 42, () => 'ready', () => true, () => [{ type: 'ready' }], () => nested(int(3_000))])()],
    ['a portal flow that does not exist', () => ({ type: 'openPortal', flow: pick(['steal_card', 'admin', '', huge()]) })],
    ['a portal with a URL', () => ({ type: 'openPortal', flow: 'manage', url: 'https://evil.example/' })],
    ['an id too long', () => ({ type: pick(['openInvoice', 'downloadInvoice', 'removePaymentMethod']), invoiceId: 'in_'.padEnd(65, 'x'), paymentMethodId: 'pm_'.padEnd(65, 'x') })],
    [
      'billing details gone wrong',
      () => ({ type: 'saveBillingDetails', requestId: 'r1', details: { name: strangeValue(), address: int(2) ? strangeValue() : { ...ADDRESS, country: text(3) }, taxIds: strangeValue() } }),
    ],
    ['a spend cap out of range', () => ({ type: 'saveUsageSettings', requestId: 'r1', overageEnabled: true, spendCap: pick([-1, 1.5, 1e12, Number.MAX_SAFE_INTEGER + 2]) })],
    [
      'an id the host never listed',
      () => {
        const type = pick(UNLISTED_ID_TYPES);
        const id = `x_${int(1e9)}`;
        if (type === 'openPortal') return { type, flow: 'payment_method_update', paymentMethodId: id };
        return type === 'confirmPlanChange' ? { type, previewId: id } : { type, paymentMethodId: id };
      },
    ],
  ];

  for (let i = 0; i < count; i++) {
    for (;;) {
      const [kind, make] = pick(mutations);
      const message = make();
      // A mutation can land on a valid message (a boolean swapped for another); only the unlisted ids pass on purpose.
      if (kind !== 'an id the host never listed' && checkWebviewMessage(message).ok) continue;
      yield { kind, message };
      break;
    }
  }
}
