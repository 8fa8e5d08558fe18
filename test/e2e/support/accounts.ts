/**
 * Accounts for the journeys: a fresh sandbox account per test (so tests do not
 * depend on each other), and signing in and out the way a user does.
 */
import { randomBytes } from 'node:crypto';
import { type AccountSummary } from '../../../shared/contract/account';
import { type BillingDetailsInput } from '../../../shared/contract/billingDetails';
import { ApiHeaders } from '../../../shared/contract/common';
import { type InvoiceList } from '../../../shared/contract/invoices';
import { ApiPaths } from '../../../shared/contract/paths';
import { type PlanChangeTarget, type SubscriptionChangePreview, type SubscriptionChangeResult } from '../../../shared/contract/plans';
import { type PortalSession } from '../../../shared/contract/portal';
import { type UsageEventResult } from '../../../shared/contract/usage';
import { type DemoState } from '../../../shared/contract/sandboxAdmin';
import { updateCard } from '../../support/portalDriver';
import { accountByEmail, createSession, setAccountState } from '../../support/sandboxAdmin';
import { commandPaletteTitle, type Workbench } from './workbench';
import { CommandIds, EXTENSION_ID, UriPaths } from '../../../shared/productIdentity';

export interface JourneyAccount {
  readonly email: string;
  readonly id: string;
  /** An access token of the test's own (not the extension's), to read what the service says. */
  readonly accessToken: string;
}

/** A new sandbox account (Free, or put into `state`), e.g. "renewal-1a2b3c@journeys.test". */
export async function freshAccount(wb: Workbench, label: string, state?: DemoState): Promise<JourneyAccount> {
  const email = `${label}-${randomBytes(4).toString('hex')}@journeys.test`;
  const tokens = await createSession(wb.sandboxUrl, email);
  const { id } = await accountByEmail(wb.sandboxUrl, email);
  if (state && state !== 'free') await setAccountState(wb.sandboxUrl, id, state);
  return { email, id, accessToken: tokens.access_token };
}

/** One of the sandbox's demo accounts (e.g. pro@sandbox.test), with a token of the test's own. */
export async function demoAccount(wb: Workbench, email: string): Promise<JourneyAccount> {
  const tokens = await createSession(wb.sandboxUrl, email);
  const { id } = await accountByEmail(wb.sandboxUrl, email);
  return { email, id, accessToken: tokens.access_token };
}

/** The account summary as the service reports it now (GET /v1/account with the test's token). */
export async function serviceAccount(wb: Workbench, account: JourneyAccount): Promise<AccountSummary> {
  const res = await fetch(`${wb.sandboxUrl}${ApiPaths.account}`, { headers: { authorization: `Bearer ${account.accessToken}`, accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${ApiPaths.account} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as AccountSummary;
}

/** The account's newest invoices as the service lists them (GET /v1/invoices with the test's token). */
export async function serviceInvoices(wb: Workbench, account: JourneyAccount): Promise<InvoiceList> {
  const res = await fetch(`${wb.sandboxUrl}${ApiPaths.invoices}?limit=20`, { headers: { authorization: `Bearer ${account.accessToken}`, accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${ApiPaths.invoices} answered ${res.status}`);
  return (await res.json()) as InvoiceList;
}

/** The status-bar text each account state settles on after sign-in (the item's text starts with a codicon). */
export const statusTextAfterSignIn: Record<DemoState, RegExp> = {
  free: /^\s*Free\s*$/,
  trialing: /^\s*Pro trial/,
  active: /^\s*Pro\s*$/,
  active_canceling: /^\s*Pro · ends/,
  past_due: /^\s*Past due\s*$/,
  canceled: /^\s*Plan ended\s*$/,
  unpaid: /^\s*Plan ended\s*$/,
};

/**
 * Runs "Plan & Billing: Sign In", picks the account on the sandbox's sign-in
 * page that opens, and lets the page hand the code back (code-server's
 * /callback route delivers it to the extension's URI handler). Resolves once
 * the status bar no longer says "Sign in" or "Checking…".
 */
export async function signInThroughBrowser(wb: Workbench, email: string): Promise<void> {
  const page = await wb.waitForExternalPage(() => wb.runCommand(commandPaletteTitle(CommandIds.signIn)));
  await page.getByRole('button', { name: email }).click();
  await wb.statusBarItem().filter({ hasNotText: /Sign in|Checking/ }).waitFor({ timeout: 30_000 });
  await page.close();
}

/** Signs out with "Plan & Billing: Sign Out" when signed in; resolves when the status bar says "Sign in". */
export async function ensureSignedOut(wb: Workbench): Promise<void> {
  const item = await wb.waitForStatusBarItem();
  if (/Sign in/.test(await item.innerText())) return;
  await wb.runCommand(commandPaletteTitle(CommandIds.signOut));
  await wb.waitForStatusBarText(/Sign in/);
}

/** Signs `account` in (signing out whoever was) and waits for the status bar to show `state`. */
export async function signInAs(wb: Workbench, account: JourneyAccount, state: DemoState): Promise<JourneyAccount> {
  await ensureSignedOut(wb);
  await signInThroughBrowser(wb, account.email);
  await wb.waitForStatusBarText(statusTextAfterSignIn[state]);
  return account;
}

/** A fresh account in `state`, signed in. */
export async function signedInAccount(wb: Workbench, label: string, state: DemoState = 'free'): Promise<JourneyAccount> {
  return signInAs(wb, await freshAccount(wb, label, state), state);
}

/** A demo account (e.g. pro@sandbox.test) signed in; `state` is the state it is in. */
export async function signedInDemoAccount(wb: Workbench, email: string, state: DemoState): Promise<JourneyAccount> {
  return signInAs(wb, await demoAccount(wb, email), state);
}

/**
 * Test setup, not part of a journey: puts a card on file through the portal
 * over plain HTTP (test/support/portalDriver.ts), e.g. a Mastercard that the
 * journey then replaces in the browser.
 */
export async function putCardOnFile(wb: Workbench, account: JourneyAccount, card: { number: string; expiry: string }): Promise<void> {
  const res = await fetch(`${wb.sandboxUrl}${ApiPaths.portalSessions}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ flow: 'payment_method_update', returnUrl: `vscode://${EXTENSION_ID}${UriPaths.portalReturn}` }),
  });
  if (!res.ok) throw new Error(`POST ${ApiPaths.portalSessions} answered ${res.status}: ${await res.text()}`);
  const session = (await res.json()) as PortalSession;
  const result = await updateCard(session.url, card);
  if (result.outcome !== 'card_saved') throw new Error(`setting up the card failed: ${result.outcome ?? '?'} ${result.message ?? ''}`);
}

/** Test setup: replaces the account's billing details (PUT /v1/billing-details with the test's token). */
export async function putBillingDetails(wb: Workbench, account: JourneyAccount, details: BillingDetailsInput): Promise<void> {
  const res = await fetch(`${wb.sandboxUrl}${ApiPaths.billingDetails}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${account.accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json',
      [ApiHeaders.idempotencyKey]: randomBytes(8).toString('hex'),
    },
    body: JSON.stringify(details),
  });
  if (!res.ok) throw new Error(`PUT ${ApiPaths.billingDetails} answered ${res.status}: ${await res.text()}`);
}

async function postAs<T>(wb: Workbench, account: JourneyAccount, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${wb.sandboxUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Test setup: moves the account to another plan through the public API (preview, then change), as the panel would. */
export async function changePlanViaApi(wb: Workbench, account: JourneyAccount, target: PlanChangeTarget): Promise<SubscriptionChangeResult> {
  const preview = await postAs<SubscriptionChangePreview>(wb, account, ApiPaths.subscriptionPreview, target);
  const result = await postAs<SubscriptionChangeResult>(wb, account, ApiPaths.subscriptionChange, { ...target, previewId: preview.id });
  if (result.outcome === 'requires_payment') throw new Error(`setting up ${target.planId} needs a payment: ${result.pendingPlanChange?.message ?? ''}`);
  return result;
}

/**
 * Usage the same user spent elsewhere (another machine, the web app): a usage event sent to the
 * service with the test's token, as the vendor's AI backend would; the extension finds it at its next check.
 */
export async function spendElsewhere(wb: Workbench, account: JourneyAccount, credits: string): Promise<UsageEventResult> {
  const asOf = (await serviceAccount(wb, account)).asOf;
  return postAs<UsageEventResult>(wb, account, ApiPaths.usageEvents, { eventId: `elsewhere-${randomBytes(6).toString('hex')}`, feature: 'ai.agent', credits, occurredAt: asOf });
}
