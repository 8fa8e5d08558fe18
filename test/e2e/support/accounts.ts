/**
 * Accounts for the journeys: a fresh sandbox account per test (so tests do not
 * depend on each other), and signing in and out the way a user does.
 */
import { randomBytes } from 'node:crypto';
import { type AccountSummary, ApiPaths, type DemoState } from '../../../src/api/contract';
import { accountByEmail, createSession, setAccountState } from '../../support/sandboxAdmin';
import { commandPaletteTitle, type Workbench } from './workbench';

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

/** The account summary as the service reports it now (GET /v1/account with the test's token). */
export async function serviceAccount(wb: Workbench, account: JourneyAccount): Promise<AccountSummary> {
  const res = await fetch(`${wb.sandboxUrl}${ApiPaths.account}`, { headers: { authorization: `Bearer ${account.accessToken}`, accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${ApiPaths.account} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as AccountSummary;
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
  const page = await wb.waitForExternalPage(() => wb.runCommand(commandPaletteTitle('planBilling.signIn')));
  await page.getByRole('button', { name: email }).click();
  await wb.statusBarItem().filter({ hasNotText: /Sign in|Checking/ }).waitFor({ timeout: 30_000 });
  await page.close();
}

/** Signs out with "Plan & Billing: Sign Out" when signed in; resolves when the status bar says "Sign in". */
export async function ensureSignedOut(wb: Workbench): Promise<void> {
  const item = await wb.waitForStatusBarItem();
  if (/Sign in/.test(await item.innerText())) return;
  await wb.runCommand(commandPaletteTitle('planBilling.signOut'));
  await wb.waitForStatusBarText(/Sign in/);
}

/** A fresh account in `state`, signed in (signing out whoever was), its status bar settled. */
export async function signedInAccount(wb: Workbench, label: string, state: DemoState = 'free'): Promise<JourneyAccount> {
  const account = await freshAccount(wb, label, state);
  await ensureSignedOut(wb);
  await signInThroughBrowser(wb, account.email);
  await wb.waitForStatusBarText(statusTextAfterSignIn[state]);
  return account;
}
