// No secret and no email lands in the log or in globalState (docs/security.md):
// in the real host, a browser sign-in (code and state through code-server's
// callback page), then a session whose tokens the test knows, the payment
// portal with a payment, the return to the editor and an invoice PDF download;
// then the whole log (the output channel's log file and the recent lines) and
// every globalState value are searched for each token, code, state, portal
// URL and email address the run saw. Zero hits.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type EntitlementsResponse } from '../../shared/contract/entitlements';
import { ApiPaths } from '../../shared/contract/paths';
import { type HostToWebviewMessage } from '../../shared/panelProtocol';
import { CommandIds } from '../../shared/productIdentity';
import { signInViaAuthorizePage, updateCard } from '../support/portalDriver';
import { secretsIn } from '../support/secretScan';
import { setAccountState } from '../support/sandboxAdmin';
import { captureExternal, openAsTheBrowserWould, planBilling, refreshUntil, resetCore, sandboxUrl, scriptedPrompter, signInAs, uniqueEmail, until } from './support/planBilling';

/** Every file under `dir` (the extension's log folder), as text. */
function logFiles(dir: string): Array<{ file: string; text: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

describe('no secret or email in the log or globalState', () => {
  before(resetCore);
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetCore();
  });

  it('after sign-in, the portal, a payment and a PDF download, the log and globalState hold none of what the run saw', async () => {
    const { t } = await planBilling();
    const seen = new Map<string, string>();
    const saw = (what: string, value: string | undefined) => {
      assert.ok(value && value.length >= 6, `${what} is known`);
      seen.set(what, value);
    };
    const external = captureExternal(t);
    t.setPrompter(scriptedPrompter(() => undefined));

    // 1. Browser sign-in: the authorize URL, then the code and state delivered through the callback page.
    const demoEmail = 'free@sandbox.test';
    const signingIn = vscode.commands.executeCommand(CommandIds.signIn);
    const authorizeUrl = await external.next();
    const authorize = new URL(authorizeUrl);
    saw('the PKCE challenge', authorize.searchParams.get('code_challenge') ?? undefined);
    saw('the OAuth state', authorize.searchParams.get('state') ?? undefined);
    const answer = await signInViaAuthorizePage(authorizeUrl, demoEmail);
    saw('the authorization code', answer.code);
    await openAsTheBrowserWould(answer.redirectUrl);
    await signingIn;
    assert.ok(await t.waitFor((s) => s.signedIn && s.user?.email === demoEmail && !s.refreshing, 20_000), `signed in through the browser (${t.snapshot().kind})`);
    saw('the demo email', demoEmail);

    // 2. A session whose tokens the test knows, past due; the portal pays it.
    const email = uniqueEmail('leak-scan');
    const { tokens, accountId } = await signInAs(email);
    saw('the access token', tokens.access_token);
    saw('the refresh token', tokens.refresh_token);
    saw('the account email', email);
    await setAccountState(sandboxUrl(), accountId, 'past_due');
    await refreshUntil((s) => s.kind === 'pastDue', 'past due');
    const entitlement = (await (await fetch(sandboxUrl() + ApiPaths.entitlements, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json()) as EntitlementsResponse;
    saw('an entitlement token', entitlement.token);

    await vscode.commands.executeCommand(CommandIds.updatePaymentMethod);
    const portalUrl = await external.next();
    saw('the portal URL', portalUrl);
    saw('the portal URL path', new URL(portalUrl).pathname);
    const paid = await updateCard(portalUrl, { number: '4242424242424242' });
    assert.equal(paid.outcome, 'card_saved');
    assert.equal(paid.payment, 'paid', String(paid.message));
    if (paid.returnUrl) {
      saw('the portal return URL', paid.returnUrl);
      await openAsTheBrowserWould(paid.returnUrl);
    }
    assert.ok(await t.waitFor((s) => s.kind === 'active', 60_000), `paid (${t.snapshot().kind})`);

    // 3. An invoice PDF through the panel, saved to a file.
    await t.panel.openAndWaitForRender();
    const invoice = await until(
      () => t.panel.posted().filter((m): m is Extract<HostToWebviewMessage, { type: 'state' }> => m.type === 'state').at(-1)?.state.invoices.items[0],
      'an invoice in the panel',
    );
    const target = join(mkdtempSync(join(tmpdir(), 'pb-scan-')), 'invoice.pdf');
    t.setPrompter(scriptedPrompter(() => undefined, undefined, async () => vscode.Uri.file(target)));
    // By identity, not by index: the hooks keep only the latest posts.
    const earlier = new Set(t.panel.posted());
    await t.panel.postFromWebview({ type: 'downloadInvoice', invoiceId: invoice.id });
    const download = await until(
      () => t.panel.posted().find((m) => !earlier.has(m) && m.type === 'downloadProgress' && m.status !== 'started'),
      'the download to finish',
    );
    assert.ok(download.type === 'downloadProgress' && download.status === 'done', JSON.stringify(download));
    assert.equal(readFileSync(target).subarray(0, 5).toString('latin1'), '%PDF-');

    // 4. The scan: the log file(s), the recent lines and every globalState value.
    const files = logFiles(t.logFolder());
    assert.ok(
      files.some((f) => f.text.includes('Opened the portal')),
      `the output channel's log file was found under ${t.logFolder()}: ${files.map((f) => f.file).join(', ') || 'none'}`,
    );
    const places: Array<[string, string]> = [
      ...files.map((f): [string, string] => [`log file ${f.file}`, f.text]),
      ['the recent log lines', t.logs().join('\n')],
      ['globalState', JSON.stringify(t.globalStateValues())],
    ];
    const hits: string[] = [];
    for (const [place, text] of places) {
      for (const [what, value] of seen) if (text.includes(value)) hits.push(`${what} in ${place}`);
      // Whatever the run did not see by name: no JWS, no opaque service secret, no portal link, no email address at all.
      hits.push(...secretsIn(place, text));
    }
    assert.deepEqual(hits, []);
    // The scan looked at something: the log has the run in it, globalState the account.
    assert.ok(t.logs().some((line) => line.includes('Returned from the payment portal') || line.includes('Opened the portal')));
    assert.ok(Object.keys(t.globalStateValues()).includes('planBilling.accountCache.v1'));
  });
});
