/**
 * Helpers of the extension-core integration tests: reach the running
 * extension through its exported API and (Development mode only) its test
 * accessor, sign in through the sandbox shortcut, script prompt answers.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type AccountSnapshot } from '../../../src/account/accountSnapshot';
import { type PlanBillingApi, type EntitlementsView } from '../../../src/entitlements/publicApi';
import { type PlanBillingTestAccess } from '../../../src/testing/testAccess';
import { type Prompter, type Severity } from '../../../src/ui/prompter';
import { accountByEmail, clearFaults, createSession } from '../../support/sandboxAdmin';
import { extensionId, sandboxUrlEnv } from '../../../tools/host/hostEnvironment';
import { CommandIds, UriPaths } from '../../../shared/productIdentity';

export type Exports = PlanBillingApi & { readonly testing?: PlanBillingTestAccess };

export function sandboxUrl(): string {
  const url = process.env[sandboxUrlEnv];
  assert.ok(url, `${sandboxUrlEnv} is not set`);
  return url;
}

export async function planBilling(): Promise<{ api: PlanBillingApi; t: PlanBillingTestAccess }> {
  const extension = vscode.extensions.getExtension<Exports>(extensionId);
  assert.ok(extension, `${extensionId} is not loaded`);
  const api = await extension.activate();
  assert.ok(api.testing, 'the test accessor is exported in Development mode');
  await api.testing.restored;
  return { api, t: api.testing };
}

let counter = 0;
/** A fresh sandbox account of its own (the sandbox creates a Free account for an unknown email). */
/** Polls `probe` every 100 ms until it gives a value; fails after timeoutMs. */
export async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function uniqueEmail(label: string): string {
  counter += 1;
  return `it-${label}-${Date.now().toString(36)}-${counter}@sandbox.test`;
}

/** Signs in through the sandbox session shortcut; resolves when the first check settled. */
export async function signInAs(email: string): Promise<{ accountId: string; tokens: { access_token: string; refresh_token: string }; snapshot: AccountSnapshot }> {
  const { t } = await planBilling();
  await signOutIfSignedIn();
  const tokens = await createSession(sandboxUrl(), email);
  const account = await accountByEmail(sandboxUrl(), email);
  const snapshot = await t.signInWithTokens(tokens);
  return { accountId: account.id, tokens, snapshot };
}

export async function signOutIfSignedIn(): Promise<void> {
  const { t } = await planBilling();
  if (t.snapshot().signedIn) {
    await vscode.commands.executeCommand(CommandIds.signOut);
    assert.ok(await t.waitFor((s) => !s.signedIn, 10_000), 'signed out');
  }
}

/** Resets what one test may have changed in the shared extension instance. */
export async function resetCore(): Promise<void> {
  const { t } = await planBilling();
  t.setPrompter(undefined);
  t.setExternalOpener(undefined);
  await clearFaults(sandboxUrl());
  await signOutIfSignedIn();
}

export interface ScriptedPrompt {
  readonly severity: Severity;
  readonly message: string;
  readonly actions: readonly string[];
  readonly modal: boolean;
}

/** A prompter that answers with `answer(prompt)` (undefined = dismiss) and records every prompt. */
export function scriptedPrompter(
  answer: (prompt: ScriptedPrompt) => string | undefined,
  input: () => Promise<string | undefined> = async () => undefined,
  saveDialog: (options: vscode.SaveDialogOptions) => Promise<vscode.Uri | undefined> = async () => undefined,
): Prompter & { prompts: ScriptedPrompt[] } {
  const prompts: ScriptedPrompt[] = [];
  return {
    prompts,
    async show(severity, message, options, actions) {
      const prompt = { severity, message, actions, modal: options.modal ?? false };
      prompts.push(prompt);
      return answer(prompt);
    },
    input,
    saveDialog,
  };
}

/** Refreshes now and waits until the snapshot satisfies `predicate`. */
export async function refreshUntil(predicate: (s: AccountSnapshot) => boolean, what: string, timeoutMs = 20_000): Promise<AccountSnapshot> {
  const { t } = await planBilling();
  await t.refresh('manual');
  const s = await t.waitFor(predicate, timeoutMs);
  assert.ok(s, `${what}: the state is ${JSON.stringify({ kind: t.snapshot().kind, stale: t.snapshot().stale, error: t.snapshot().error })}\n${t.logs().slice(-15).join('\n')}`);
  return s;
}

export interface FixtureView {
  now: EntitlementsView;
  hasAgent: boolean;
  hasBackgroundAgent: boolean;
  /** The newest onDidChange events (at most 200). */
  events: EntitlementsView[];
  /** Every onDidChange event received since activation. */
  eventCount: number;
  runs: number;
  backgroundRuns: number;
}

export async function fixtureView(): Promise<FixtureView> {
  const view = await vscode.commands.executeCommand<FixtureView>('gatedFixture.entitlements');
  assert.ok(view, 'the fixture extension answered');
  return view;
}

/** Captures URLs handed to openExternal (sign-in and portal pages) instead of opening a browser. */
export function captureExternal(t: PlanBillingTestAccess): { next(): Promise<string>; urls: string[] } {
  const urls: string[] = [];
  const waiting: Array<(url: string) => void> = [];
  t.setExternalOpener(async (url) => {
    urls.push(url);
    waiting.shift()?.(url);
    return true;
  });
  let taken = 0;
  return {
    urls,
    next: () =>
      new Promise<string>((resolve) => {
        if (urls.length > taken) resolve(urls[taken++]!);
        else waiting.push((url) => (taken++, resolve(url)));
      }),
  };
}

/**
 * Opens `url` the way the browser does when a page sends it back to the
 * editor (code-server's /callback page hands it to the extension's URI
 * handler). The string is passed as it is: openExternal takes one at run
 * time, and a vscode.Uri would re-encode the query the page wrote.
 */
export async function openAsTheBrowserWould(url: string): Promise<void> {
  await vscode.env.openExternal(url as unknown as vscode.Uri);
}

/**
 * The extension's /auth-callback URI as the browser reaches it, with `params`
 * added (as an authorization server, or any page, would send it back). Made
 * afresh each time: code-server delivers one callback per external URI.
 */
export async function authCallbackUrl(params: Record<string, string>): Promise<string> {
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(`${vscode.env.uriScheme}://${extensionId}${UriPaths.authCallback}`));
  const url = new URL(external.toString(true));
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
