// Journeys 1, 11 and 12 of docs/journeys.md in the real extension host against the live sandbox:
// browser sign-in (paste-the-code path), sign-out clearing every trace, and
// support info without tokens.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OAuthClientId } from '../../shared/contract/oauth';
import { ApiPaths } from '../../shared/contract/paths';
import { signInViaAuthorizePage } from '../support/portalDriver';
import { authCallbackUrl, captureExternal, openAsTheBrowserWould, planBilling, resetCore, sandboxUrl, scriptedPrompter, signInAs, uniqueEmail, until } from './support/planBilling';
import { CommandIds } from '../../shared/productIdentity';

describe('sign-in, sign-out and support info', () => {
  beforeEach(resetCore);
  after(resetCore);

  it('shows "Sign in" with signed-out context keys before anyone signs in', async () => {
    const { t } = await planBilling();
    assert.equal(t.snapshot().kind, 'signedOut');
    assert.equal(t.statusBar().text, '$(account) Sign in');
    const keys = await t.contextKeys();
    assert.equal(keys?.['planBilling.signedIn'], false);
    assert.equal(keys?.['planBilling.state'], 'signedOut');
    assert.deepEqual(keys?.['planBilling.features'], []);
  });

  it('signs in through the browser page and the paste-the-code fallback', async () => {
    const { t } = await planBilling();
    // A demo account: the sign-in page lists those (unknown emails come from the session shortcut only).
    const email = 'free@sandbox.test';
    const external = captureExternal(t);
    let deliverCode: (code: string) => void = () => {};
    const code = new Promise<string>((resolve) => (deliverCode = resolve));
    const prompter = scriptedPrompter(
      (p) => (p.actions.includes('Paste Code') ? 'Paste Code' : undefined),
      () => code,
    );
    t.setPrompter(prompter);
    const done = vscode.commands.executeCommand(CommandIds.signIn);
    const authorizeUrl = await external.next();
    const url = new URL(authorizeUrl);
    assert.equal(url.origin + url.pathname, sandboxUrl() + ApiPaths.authorize);
    assert.equal(url.searchParams.get('client_id'), OAuthClientId);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(url.searchParams.get('state'));
    const page = await signInViaAuthorizePage(authorizeUrl, email);
    assert.ok(page.displayedCode, 'the sign-in page shows a one-time code');
    deliverCode(page.displayedCode);
    await done;
    const s = await t.waitFor((x) => x.signedIn && x.kind !== 'checking' && !x.refreshing, 20_000);
    assert.ok(s, `state ${t.snapshot().kind}`);
    assert.equal(s.kind, 'free');
    assert.equal(s.user?.email, email);
    assert.equal(t.statusBar().text, '$(account) Free');
    // The sign-in's follow-up refresh may still be applying context keys: wait for the state key to settle on free.
    const keys = await until(async () => {
      const values = await t.contextKeys();
      return values?.['planBilling.state'] === 'free' ? values : undefined;
    }, 'the context keys to settle on free', 10_000);
    assert.equal(keys?.['planBilling.signedIn'], true);
    assert.equal(keys?.['planBilling.plan'], 'free');
    assert.equal(keys?.['planBilling.state'], 'free');
    assert.ok(prompter.prompts.some((p) => p.actions.includes('Paste Code')), 'the paste offer was shown');
  });

  it('ignores sign-in callbacks without its exact state, error replies as well as codes; its own error reply ends the sign-in', async () => {
    const { t } = await planBilling();
    const external = captureExternal(t);
    const prompter = scriptedPrompter(() => undefined);
    t.setPrompter(prompter);
    const done = vscode.commands.executeCommand(CommandIds.signIn);
    const authorizeUrl = await external.next();
    const state = new URL(authorizeUrl).searchParams.get('state');
    assert.ok(state);

    const ignoredBefore = () => t.logs().filter((line) => line.includes('Ignored a sign-in callback')).length;
    const foreign: Array<Record<string, string>> = [
      { error: 'access_denied', error_description: 'Evil page text' },
      { error: 'access_denied', error_description: 'Evil page text', state: 'not-this-one' },
      { code: 'foreign-code' },
      { code: 'foreign-code', state: `${state}x` },
    ];
    for (const [index, params] of foreign.entries()) {
      const seen = ignoredBefore();
      await openAsTheBrowserWould(await authCallbackUrl(params));
      await until(() => (ignoredBefore() > seen ? true : undefined), `callback ${index + 1} to be ignored and logged`);
    }
    assert.equal(t.snapshot().signedIn, false);
    assert.ok(!prompter.prompts.some((p) => /Evil page text/.test(p.message)), 'no foreign text was shown');
    assert.ok(!t.logs().some((line) => /Evil page text|foreign-code/.test(line)), 'nor logged');

    // The answer of this sign-in (its state) with an error ends it, saying so.
    await openAsTheBrowserWould(await authCallbackUrl({ error: 'access_denied', error_description: 'The user declined', state }));
    await done;
    assert.ok(
      prompter.prompts.some((p) => p.severity === 'error' && /Sign-in did not complete: The user declined/.test(p.message)),
      JSON.stringify(prompter.prompts.map((p) => p.message)),
    );
    assert.equal(t.snapshot().signedIn, false);
  });

  it('signs out: revokes, clears secrets, the cached account, context keys and the status bar', async () => {
    const { t } = await planBilling();
    const { tokens } = await signInAs(uniqueEmail('signout'));
    assert.equal(t.snapshot().signedIn, true);
    const stored = await t.storedKeys();
    assert.ok(stored.secrets.length >= 1 && stored.globalState.includes('planBilling.accountCache.v1'), JSON.stringify(stored));

    await vscode.commands.executeCommand(CommandIds.signOut);
    assert.equal(t.snapshot().kind, 'signedOut');
    assert.equal(t.statusBar().text, '$(account) Sign in');
    const keys = await t.contextKeys();
    assert.deepEqual(
      { signedIn: keys?.['planBilling.signedIn'], state: keys?.['planBilling.state'], plan: keys?.['planBilling.plan'], features: keys?.['planBilling.features'], pastDue: keys?.['planBilling.pastDue'] },
      { signedIn: false, state: 'signedOut', plan: undefined, features: [], pastDue: false },
    );
    const after = await t.storedKeys();
    assert.deepEqual(after.secrets, []);
    for (const key of ['planBilling.accountCache.v1', 'planBilling.acceptedSeq.v1', 'planBilling.notifications.v1']) {
      assert.ok(!after.globalState.includes(key), `${key} is left in globalState`);
    }
    // The refresh token the extension held was revoked at the service.
    const refreshed = await fetch(sandboxUrl() + ApiPaths.token, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: OAuthClientId }).toString(),
    });
    assert.equal(refreshed.status >= 400 && refreshed.status < 500, true, `refresh after sign-out answered ${refreshed.status}`);
  });

  it('shows the account to VS Code (the Accounts menu) without handing out the service token', async () => {
    const { t } = await planBilling();
    const email = uniqueEmail('accounts');
    const { tokens } = await signInAs(email);
    // What the provider hands VS Code; another extension calling getSession() gets this after the user's consent
    // (the journey test/e2e/signInOut.e2e.test.ts checks the Accounts menu itself with it).
    const sessions = await t.authenticationSessions();
    assert.equal(sessions.length, 1);
    const session = sessions[0]!;
    assert.equal(session.account.label, email);
    assert.match(session.accessToken, /^planbilling-session-/);
    const exposed = JSON.stringify(session);
    assert.ok(!exposed.includes(tokens.access_token) && !exposed.includes(tokens.refresh_token), 'no service token in the AuthenticationSession');
    // The opaque value authenticates nothing at the service.
    const res = await fetch(sandboxUrl() + ApiPaths.account, { headers: { authorization: `Bearer ${session.accessToken}` } });
    assert.equal(res.status, 401);
  });

  it('copies support info with versions, account, plan and service URL, and no token', async () => {
    const { t } = await planBilling();
    const { tokens, accountId } = await signInAs(uniqueEmail('support'));
    t.setPrompter(scriptedPrompter(() => undefined));
    const text = await vscode.commands.executeCommand<string>(CommandIds.copySupportInfo);
    assert.ok(text);
    assert.match(text, new RegExp(`Account id: ${accountId}`));
    assert.match(text, /Plan: free/);
    assert.match(text, new RegExp(`Editor: .* ${vscode.version.replace(/\./g, '\\.')}`));
    assert.ok(text.includes(`Service URL: ${sandboxUrl()}`));
    for (const secret of [tokens.access_token, tokens.refresh_token, 'eyJ']) assert.ok(!text.includes(secret), `support info contains ${secret.slice(0, 6)}…`);
    assert.equal(await vscode.env.clipboard.readText(), text);
  });
});
