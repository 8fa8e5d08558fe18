/** Contract-shaped test data and a fake clock for the pure unit tests. */
import { generateKeyPair, exportJWK, CompactSign, type CryptoKey } from 'jose';
import { type AccountSummary, type UpcomingInvoice } from '../../../shared/contract/account';
import { type Money } from '../../../shared/contract/common';
import { type PaymentMethod } from '../../../shared/contract/paymentMethods';
import { type Usage } from '../../../shared/contract/usage';
import { type EntitlementClaims, SANDBOX_ISSUER } from '../../../shared/contract/entitlements';
import { type AccountSnapshot, SIGNED_OUT_SNAPSHOT } from '../../../src/account/accountSnapshot';
import { type TrustedKey } from '../../../src/entitlements/trustedKeys';
import { type Clock, DAY, HOUR } from '../../../src/util/clock';

export const T0 = Date.parse('2026-03-10T12:00:00.000Z');

export class FakeClock implements Clock {
  constructor(public time: number = T0) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const usd = (amount: number): Money => ({ amount, currency: 'USD' });

/** A saved card (the default Visa unless overridden). */
export function card(overrides: Partial<PaymentMethod> = {}): PaymentMethod {
  return {
    id: 'pm_1',
    brand: 'visa',
    last4: '4242',
    expMonth: 12,
    expYear: 2030,
    funding: 'credit',
    cardholderName: 'Pat Pro',
    billingAddress: null,
    isDefault: true,
    created: '2025-01-05T10:00:00.000Z',
    ...overrides,
  };
}

/** The next renewal's invoice: `subtotal` plus the given tax lines' amounts. */
export function upcoming(date: string, subtotal = 2000, taxLines: UpcomingInvoice['taxLines'] = []): UpcomingInvoice {
  const tax = taxLines.reduce((sum, line) => sum + line.amount.amount, 0);
  return { date, subtotal: usd(subtotal), taxLines, tax: usd(tax), amountDue: usd(subtotal + tax) };
}

export function summary(overrides: Partial<AccountSummary> = {}, now = T0): AccountSummary {
  return {
    user: { id: 'usr_1', email: 'pro@sandbox.test', name: 'Pat Pro' },
    plan: { id: 'pro', name: 'Pro' },
    subscription: {
      id: 'sub_1',
      planId: 'pro',
      planName: 'Pro',
      price: { amount: 2000, currency: 'USD' },
      interval: 'month',
      status: 'active',
      currentPeriodStart: iso(now - 10 * DAY),
      currentPeriodEnd: iso(now + 20 * DAY),
      trialEnd: null,
      cancelAtPeriodEnd: false,
      canceledAt: null,
      scheduledChange: null,
    },
    upcomingInvoice: upcoming(iso(now + 20 * DAY)),
    paymentMethod: card(),
    billingDetails: { name: 'Pat Pro', email: 'pro@sandbox.test', address: null, taxIds: [] },
    outstandingBalance: { amount: 0, currency: 'USD' },
    latestPaymentFailure: null,
    pendingPlanChange: null,
    usage: null,
    asOf: iso(now),
    ...overrides,
  };
}

export function claims(overrides: Partial<EntitlementClaims> = {}, now = T0): EntitlementClaims {
  const iat = Math.floor(now / 1000);
  return {
    iss: SANDBOX_ISSUER,
    aud: 'planbilling.plan-billing',
    sub: 'usr_1',
    plan: 'pro',
    status: 'active',
    features: ['ai.completions.basic', 'ai.completions.unlimited', 'ai.agent', 'ai.premiumModels'],
    iat,
    exp: iat + 24 * 3600,
    graceUntil: iat + 7 * 24 * 3600,
    seq: 5,
    ...overrides,
  };
}

export function snapshot(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    ...SIGNED_OUT_SNAPSHOT,
    kind: 'active',
    signedIn: true,
    user: { id: 'usr_1', email: 'pro@sandbox.test', name: 'Pat Pro' },
    account: summary(),
    claims: claims(),
    plan: 'pro',
    features: ['ai.completions.basic', 'ai.agent'],
    lastVerifiedAt: T0 - 5 * 60 * 1000,
    offlineUntil: T0 + 7 * DAY,
    ...overrides,
  };
}

export interface TestSigner {
  readonly key: TrustedKey;
  readonly privateKey: CryptoKey;
  sign(claims: EntitlementClaims, header?: Record<string, unknown>): Promise<string>;
}

/** An Ed25519 key pair made for the test, trusted as the sandbox issuer's key. */
export async function createSigner(kid = 'test-key', issuer = SANDBOX_ISSUER): Promise<TestSigner> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  const key: TrustedKey = { kid, issuer, jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x! } };
  return {
    key,
    privateKey: pair.privateKey,
    sign: (c, header = {}) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(c))).setProtectedHeader({ alg: 'EdDSA', kid, ...header }).sign(pair.privateKey),
  };
}

export { HOUR, DAY };

/** A Pro usage of the current period (1,000 credits, `used` of them used, overage on at 4 ¢ up to $20.00). */
export function usage(usedCredits = '100.00', overrides: Partial<Usage> = {}): Usage {
  const usedH = Math.round(Number(usedCredits) * 100);
  const remaining = Math.max(0, 100_000 - usedH);
  const text = (h: number): string => `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
  return {
    planId: 'pro',
    periodStart: '2026-03-01T00:00:00.000Z',
    periodEnd: '2026-04-01T00:00:00.000Z',
    plan: { included: '1000.00', used: text(Math.min(usedH, 100_000)), remaining: text(remaining) },
    bonus: [],
    overage: { enabled: true, spendCap: { amount: 2000, currency: 'USD' }, pricePerCredit: { amount: 4, currency: 'USD' }, used: '0.00', accrued: { amount: 0, currency: 'USD' }, capReached: false },
    remaining: text(remaining),
    used: text(usedH),
    quotaExceeded: null,
    daily: [],
    history: [],
    asOf: new Date(T0).toISOString(),
    ...overrides,
  };
}
