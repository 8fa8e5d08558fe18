// Tokens belong to the origin that issued them (docs/security.md): in the real
// extension host, changing planBilling.serviceUrl to another loopback port —
// a recording server standing in for another service — signs the user out
// with a notice, and no request with the access or refresh token reaches it;
// a non-loopback http URL is refused (status bar, log) and nothing is sent.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ApiPaths } from '../../shared/contract/paths';
import { CommandIds } from '../../shared/productIdentity';
import { type RequestRecorder, startRequestRecorder } from '../unit/support/requestRecorder';
import { captureExternal, planBilling, resetCore, sandboxUrl, scriptedPrompter, signInAs, uniqueEmail, until } from './support/planBilling';

async function setServiceUrl(url: string): Promise<void> {
  await vscode.workspace.getConfiguration('planBilling').update('serviceUrl', url, vscode.ConfigurationTarget.Global);
}

/** Resolves once the sandbox refuses the access token (the extension revoked it at the service that issued it). */
async function revokedAtSandbox(accessToken: string): Promise<void> {
  await until(async () => {
    const res = await fetch(sandboxUrl() + ApiPaths.account, { headers: { authorization: `Bearer ${accessToken}` } });
    return res.status === 401 ? true : undefined;
  }, 'the sandbox to refuse the revoked access token', 10_000);
}

describe('tokens belong to the origin that issued them', () => {
  let recorder: RequestRecorder | undefined;

  beforeEach(resetCore);
  afterEach(async () => {
    const { t } = await planBilling();
    await setServiceUrl(sandboxUrl());
    await until(() => (t.statusBar().text.includes('refused') ? undefined : true), 'the status bar to leave "Service URL refused"', 10_000);
    await recorder?.close();
    recorder = undefined;
  });
  after(resetCore);

  it('changing planBilling.serviceUrl to another origin sends it no token and signs out with a notice', async () => {
    const { t } = await planBilling();
    recorder = await startRequestRecorder();
    const { tokens } = await signInAs(uniqueEmail('origin-change'));
    const prompter = scriptedPrompter(() => undefined);
    t.setPrompter(prompter);

    await setServiceUrl(recorder.url);
    assert.ok(await t.waitFor((s) => !s.signedIn, 10_000), `still signed in: ${t.snapshot().kind}`);
    const notice = await until(() => prompter.prompts.find((p) => /billing service changed/.test(p.message)), 'the signed-out notice');
    assert.equal(notice.severity, 'warning');
    assert.deepEqual(notice.actions, ['Sign In']);
    assert.equal(t.statusBar().text, '$(account) Sign in');
    assert.deepEqual((await t.storedKeys()).secrets, []);

    // What would send a token now: a refresh, a focus check, the portal. None may reach the new origin.
    await t.refresh('manual');
    await vscode.commands.executeCommand(CommandIds.refresh);
    await revokedAtSandbox(tokens.access_token);
    assert.deepEqual(recorder.carrying([tokens.access_token, tokens.refresh_token]), [], 'a token reached the other origin');
    assert.deepEqual(
      recorder.requests.filter((r) => r.headers.authorization !== undefined),
      [],
      'no request with an Authorization header reached the other origin',
    );
    assert.ok(t.logs().some((line) => /billing service changed; signing out/.test(line)), t.logs().slice(-10).join('\n'));
  });

  it('refuses a non-loopback http service URL: the status bar and the log say so, and nothing is sent', async () => {
    const { t } = await planBilling();
    recorder = await startRequestRecorder();
    // 0.0.0.0 is not a loopback name, yet a connection to it reaches this
    // machine's recorder: if the extension used the URL, the recorder would see it.
    const refusedUrl = recorder.url.replace('127.0.0.1', '0.0.0.0');
    const { tokens } = await signInAs(uniqueEmail('origin-refused'));
    const prompter = scriptedPrompter(() => undefined);
    t.setPrompter(prompter);
    const external = captureExternal(t);

    await setServiceUrl(refusedUrl);
    const status = await until(() => (t.statusBar().text.includes('refused') ? t.statusBar() : undefined), 'the status bar to say the URL is refused');
    assert.equal(status.text, '$(warning) Service URL refused');
    assert.equal(status.warning, true);
    assert.match(status.tooltip, /uses http, which is allowed only on this computer/);
    assert.ok(await t.waitFor((s) => !s.signedIn, 10_000), 'signed out: the session belongs to the sandbox');
    assert.ok(t.logs().some((line) => /refused, nothing is sent to it/.test(line)), t.logs().slice(-10).join('\n'));

    // Sign-in refuses too, without opening a browser at the refused URL.
    await vscode.commands.executeCommand(CommandIds.signIn);
    assert.deepEqual(external.urls, []);
    assert.ok(prompter.prompts.some((p) => p.severity === 'error' && /uses http/.test(p.message)), JSON.stringify(prompter.prompts));
    await t.refresh('manual');
    await revokedAtSandbox(tokens.access_token);
    assert.equal(recorder.requests.length, 0, `sent to the refused URL: ${JSON.stringify(recorder.requests.map((r) => `${r.method} ${r.url}`))}`);
  });
});
