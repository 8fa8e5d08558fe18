/**
 * Typed calls to the sandbox-only endpoints, over `fetch` alone, so they work
 * from Node tests and from inside a VS Code extension host alike.
 */
import { type Payment } from '../../shared/contract/invoices';
import { type PaymentMethod } from '../../shared/contract/paymentMethods';
import { type TokenResponse } from '../../shared/contract/oauth';
import { pathTo } from '../../shared/contract/paths';
import { type BonusGrant } from '../../shared/contract/usage';
import { type ChargeOutcome, type ClockAdvanceRequest, type ClockState, type DemoState, type FaultList, type FaultRequest, type Outbox, type OutboxMessage, type SandboxAccount, type SandboxAccountList, type SandboxSetStateRequest, SandboxPaths } from '../../shared/contract/sandboxAdmin';

export class SandboxAdminError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`sandbox ${what} answered ${status}: ${body.slice(0, 500)}`);
  }
}

async function call<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl.replace(/\/+$/, '')}${path}`, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new SandboxAdminError(res.status, text, `${method} ${path}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export async function listAccounts(url: string): Promise<SandboxAccount[]> {
  return (await call<SandboxAccountList>(url, 'GET', SandboxPaths.accounts)).data;
}

export async function accountByEmail(url: string, email: string): Promise<SandboxAccount> {
  const account = (await listAccounts(url)).find((a) => a.email.toLowerCase() === email.toLowerCase());
  if (!account) throw new Error(`the sandbox has no account ${email}`);
  return account;
}

/** Tokens for an account without the browser; an unknown email gets a new Free account. */
export function createSession(url: string, email: string): Promise<TokenResponse> {
  return call<TokenResponse>(url, 'POST', SandboxPaths.sessions, { email });
}

/** `options` put the state's subscription on another paid plan or the yearly interval (default Pro, monthly). */
export function setAccountState(url: string, accountId: string, state: DemoState, options: Omit<SandboxSetStateRequest, 'state'> = {}): Promise<SandboxAccount> {
  return call<SandboxAccount>(url, 'POST', pathTo(SandboxPaths.accountState, { id: accountId }), { state, ...options });
}

/** How charges to the account's default card turn out from now on (e.g. "succeed" once the funds arrived). */
export function setCardOutcome(url: string, accountId: string, outcome: ChargeOutcome): Promise<PaymentMethod> {
  return call<PaymentMethod>(url, 'POST', pathTo(SandboxPaths.accountCard, { id: accountId }), { outcome });
}

/** Refunds a succeeded payment (all that is left of it, or `amount` cents); answers the refund. */
export function refundPayment(url: string, paymentId: string, amount?: number): Promise<Payment> {
  return call<Payment>(url, 'POST', pathTo(SandboxPaths.paymentRefund, { id: paymentId }), amount === undefined ? {} : { amount });
}

export function readClock(url: string): Promise<ClockState> {
  return call<ClockState>(url, 'GET', SandboxPaths.clock);
}

export function advanceClock(url: string, by: ClockAdvanceRequest): Promise<ClockState> {
  return call<ClockState>(url, 'POST', SandboxPaths.clockAdvance, by);
}

export async function injectFault(url: string, fault: FaultRequest): Promise<void> {
  await call<void>(url, 'POST', SandboxPaths.faults, fault);
}

export async function activeFaults(url: string): Promise<FaultList['faults']> {
  return (await call<FaultList>(url, 'GET', SandboxPaths.faults)).faults;
}

export async function clearFaults(url: string): Promise<void> {
  await call<void>(url, 'DELETE', SandboxPaths.faults);
}

export async function readOutbox(url: string, email?: string): Promise<OutboxMessage[]> {
  const query = email === undefined ? '' : `?email=${encodeURIComponent(email)}`;
  return (await call<Outbox>(url, 'GET', `${SandboxPaths.outbox}${query}`)).data;
}

/** Grants bonus credits to an account (default: 30 days on the billing clock); answers the grant. */
export function grantBonusCredits(url: string, accountId: string, grant: { credits: string | number; description?: string; expiresAt?: string }): Promise<BonusGrant> {
  return call<BonusGrant>(url, 'POST', pathTo(SandboxPaths.accountBonusGrants, { id: accountId }), grant);
}
