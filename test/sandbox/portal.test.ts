/** The hosted portal over HTTP: session links, card forms, 3-D Secure, payments, upgrades. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { type Problem } from '../../shared/contract/common';
import { ApiPaths } from '../../shared/contract/paths';
import type { RunningSandbox } from '../../sandbox/server';
import { advanceClock, setAccountState } from '../support/sandboxAdmin';
import { openPortal, payOutstandingBalance, PortalBrowser, resultOf, updateCard, upgrade } from '../support/portalDriver';
import { account, api, PORTAL_RETURN_URL as RETURN_URL, portalSession, signIn, sleep, startInProcess, uniqueEmail, type Session } from './harness';


describe('sandbox portal', function () {
  // Starting a second sandbox and waiting for a link to expire takes a few seconds.
  this.timeout(20_000);
  let sb: RunningSandbox;
  before(async () => {
    sb = await startInProcess();
  });
  after(() => sb.close());

  const fresh = (label: string): Promise<Session> => signIn(sb.url, uniqueEmail(label));

  describe('portal session links', () => {
    it('answers a session URL with a cookie scoped to /portal and the flow page', async () => {
      const s = await fresh('cookie');
      const url = await portalSession(sb.url, s.token, 'payment_method_update');
      assert.match(url, new RegExp(`^${sb.url}/portal/s/[A-Za-z0-9_-]{40,}$`));
      const res = await fetch(url, { redirect: 'manual' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/portal/card');
      const cookie = res.headers.get('set-cookie')!;
      assert.match(cookie, /^pb_portal=[^;]+; Path=\/portal; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    });

    it('refuses a reused link with a clear page and no access', async () => {
      const s = await fresh('reuse');
      const url = await portalSession(sb.url, s.token, 'manage');
      const first = await openPortal(url);
      assert.equal(first.page.page, 'manage');
      const again = await openPortal(url);
      assert.equal(again.page.status, 410);
      assert.equal(again.page.outcome, 'link_used');
      assert.match(again.page.html, /already used/);
      assert.doesNotMatch(again.page.html, new RegExp(s.email.replace(/[.+]/g, '\\$&')), 'no account data on the error page');
    });

    it('refuses an expired link (SANDBOX_PORTAL_SESSION_TTL)', async () => {
      const short = await startInProcess({ portalSessionTtlSeconds: 1 });
      try {
        const s = await signIn(short.url, uniqueEmail('expired'));
        const url = await portalSession(short.url, s.token, 'manage');
        await sleep(1100);
        const { page } = await openPortal(url);
        assert.equal(page.status, 410);
        assert.equal(page.outcome, 'link_expired');
        assert.match(page.html, /expired/);
      } finally {
        await short.close();
      }
    });

    it('refuses an unknown link, and portal pages without the session cookie', async () => {
      const unknown = await openPortal(`${sb.url}/portal/s/not-a-real-session-token-at-all-000000000000`);
      assert.equal(unknown.page.status, 404);
      assert.equal(unknown.page.outcome, 'link_unknown');
      const page = await new PortalBrowser().get(`${sb.url}/portal/card`);
      assert.equal(page.status, 401);
      assert.equal(page.outcome, 'session_ended');
    });

    it('refuses a form post without the session CSRF token', async () => {
      const s = await fresh('csrf');
      const res = await fetch(await portalSession(sb.url, s.token, 'payment_method_update'), { redirect: 'manual' });
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      const post = await fetch(`${sb.url}/portal/card`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ cardName: 'X', cardNumber: '4242424242424242', cardExpiry: '12/34', cardCvc: '123', csrf: 'forged' }).toString(),
      });
      assert.equal(post.status, 401);
      assert.equal((await account(sb.url, s.token)).paymentMethod, null);
    });

    it('serves pages with a strict CSP, a served stylesheet and labelled inputs', async () => {
      const s = await fresh('csp');
      const url = await portalSession(sb.url, s.token, 'payment_method_update');
      const first = await fetch(url, { redirect: 'manual' });
      const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(`${sb.url}/portal/card`, { headers: { cookie } });
      const csp = page.headers.get('content-security-policy')!;
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /style-src 'self'/);
      assert.match(csp, /form-action 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
      const html = await page.text();
      assert.doesNotMatch(html, /<script|style=/i);
      for (const id of ['cardName', 'cardNumber', 'cardExpiry', 'cardCvc']) {
        assert.match(html, new RegExp(`<label for="${id}">`));
        assert.match(html, new RegExp(`<input type="text" id="${id}" name="${id}"`));
      }
      const css = await fetch(`${sb.url}/portal/assets/portal.css`);
      assert.equal(css.status, 200);
      assert.match(css.headers.get('content-type')!, /text\/css/);
      assert.match(await css.text(), /prefers-color-scheme: dark/);
    });
  });

  describe('card updates', () => {
    it('saves a good card and offers the way back to the editor', async () => {
      const s = await fresh('good-card');
      const result = await updateCard(await portalSession(sb.url, s.token, 'payment_method_update', RETURN_URL), {
        number: '4242 4242 4242 4242',
        expiry: '08/31',
        name: 'Ada Lovelace',
      });
      assert.equal(result.outcome, 'card_saved');
      assert.equal(result.payment, 'none');
      assert.equal(result.returnUrl, RETURN_URL);
      const pm = (await account(sb.url, s.token)).paymentMethod!;
      assert.deepEqual({ brand: pm.brand, last4: pm.last4, expMonth: pm.expMonth, expYear: pm.expYear }, { brand: 'visa', last4: '4242', expMonth: 8, expYear: 2031 });
    });

    it('runs a 3-D Secure challenge: Approve saves the card', async () => {
      const s = await fresh('3ds-ok');
      const url = await portalSession(sb.url, s.token, 'payment_method_update');
      const challenge = await updateCard(url, { number: '4000 0027 6000 3184' });
      assert.equal(challenge.page.page, 'three-ds', 'without an answer the browser stays on the challenge');
      assert.equal((await account(sb.url, s.token)).paymentMethod, null, 'nothing saved before the bank approves');

      const approved = await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '4000002760003184' }, { threeDS: 'approve' });
      assert.equal(approved.outcome, 'card_saved');
      assert.equal((await account(sb.url, s.token)).paymentMethod!.last4, '3184');
      sb.db.pragma('wal_checkpoint(TRUNCATE)');
      assert.equal(readFileSync(sb.db.name).includes(Buffer.from('4000002760003184')), false, 'the number waiting for 3-D Secure is not stored');
    });

    it('runs a 3-D Secure challenge: Fail keeps the old card and says why', async () => {
      const s = await fresh('3ds-fail');
      await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '4242424242424242' });
      const failed = await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '4000002760003184' }, { threeDS: 'fail' });
      assert.equal(failed.outcome, 'authentication_failed');
      assert.equal(failed.declineCode, 'authentication_failed');
      assert.match(failed.message!, /3-D Secure/);
      assert.equal((await account(sb.url, s.token)).paymentMethod!.last4, '4242');
    });

    for (const [number, code, words] of [
      ['4000000000000002', 'generic_decline', /declined/],
      ['4000000000009995', 'insufficient_funds', /insufficient funds/],
      ['4000000000000069', 'expired_card', /expired/],
    ] as const) {
      it(`shows the decline of ${number} (${code}) and saves nothing`, async () => {
        const s = await fresh(code);
        const result = await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number });
        assert.equal(result.status, 402);
        assert.equal(result.outcome, 'declined');
        assert.equal(result.declineCode, code);
        assert.match(result.message!, words);
        assert.equal((await account(sb.url, s.token)).paymentMethod, null);
        assert.ok(!result.page.html.includes(number), 'a valid card number is never sent back');
      });
    }

    it('validates the card form field by field, inline, keeping nothing', async () => {
      const s = await fresh('invalid-card');
      const result = await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), {
        name: '   ',
        number: '4242 4242 4242 4241',
        expiry: '01/20',
        cvc: '12',
      });
      assert.equal(result.status, 422);
      assert.equal(result.outcome, 'invalid');
      assert.deepEqual(Object.keys(result.fieldErrors).sort(), ['cardCvc', 'cardExpiry', 'cardName', 'cardNumber']);
      assert.match(result.fieldErrors.cardNumber!, /not valid/);
      assert.match(result.fieldErrors.cardExpiry!, /expired/);
      assert.match(result.fieldErrors.cardCvc!, /Visa card has a 3-digit security code/);
      assert.match(result.page.html, /id="cardNumber"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*cardNumber-error"/);
      assert.doesNotMatch(result.page.html, /value="12"/, 'the CVC is never echoed back');
      assert.equal((await account(sb.url, s.token)).paymentMethod, null);
    });

    it('rejects a malformed expiry and a non-numeric number with specific messages', async () => {
      const s = await fresh('format');
      const result = await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '4242-abcd', expiry: '2031-08' });
      assert.match(result.fieldErrors.cardNumber!, /only digits/);
      assert.match(result.fieldErrors.cardExpiry!, /MM\/YY/);
    });
  });

  describe('paying and plan changes', () => {
    it('says there is nothing to pay when nothing is owed', async () => {
      const s = await fresh('nothing');
      const result = await payOutstandingBalance(await portalSession(sb.url, s.token, 'pay_outstanding_balance'));
      assert.equal(result.outcome, 'nothing_due');
      assert.equal(result.returnUrl, RETURN_URL);
    });

    it('shows the amount due and the card on the pay page', async () => {
      const s = await fresh('pay-page');
      await setAccountState(sb.url, s.userId, 'past_due');
      const { page } = await openPortal(await portalSession(sb.url, s.token, 'pay_outstanding_balance'));
      assert.equal(page.page, 'pay');
      assert.match(page.html, /<dd id="amount-due">\$20\.00 USD<\/dd>/);
      assert.match(page.html, /Visa ending in/);
      assert.match(page.html, /<button type="submit">Pay now<\/button>/);
    });

    it('upgrades a Free account without a card: card first, then the first payment', async () => {
      const s = await fresh('upgrade');
      const result = await upgrade(await portalSession(sb.url, s.token, 'manage'));
      assert.equal(result.outcome, 'upgraded');
      assert.equal(result.returnUrl, RETURN_URL);
      const summary = await account(sb.url, s.token);
      assert.equal(summary.subscription!.status, 'active');
      assert.equal(summary.plan.id, 'pro');
      assert.equal(summary.outstandingBalance.amount, 0);
      const invoices = (await (await api(sb.url, s.token, ApiPaths.invoices)).json()) as { data: { status: string; total: { amount: number } }[] };
      assert.deepEqual(invoices.data.map((i) => [i.status, i.total.amount]), [['paid', 2000]]);
    });

    it('a declined first payment leaves the upgrade incomplete; it expires after a day', async () => {
      const s = await fresh('incomplete');
      await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '4000000000000341' });
      const result = await upgrade(await portalSession(sb.url, s.token, 'manage'));
      assert.equal(result.outcome, 'upgrade_declined');
      assert.equal(result.declineCode, 'generic_decline');
      assert.equal((await account(sb.url, s.token)).subscription!.status, 'incomplete');
      await advanceClock(sb.url, { hours: 24 });
      const summary = await account(sb.url, s.token);
      assert.equal(summary.subscription!.status, 'incomplete_expired');
      assert.equal(summary.outstandingBalance.amount, 0);
      assert.equal(summary.plan.id, 'free');
    });

    it('reactivates an ended subscription with "Upgrade to Pro", paying what it owes; a decline offers another card', async () => {
      const s = await fresh('reactivate');
      await setAccountState(sb.url, s.userId, 'canceled');
      const { browser, page } = await openPortal(await portalSession(sb.url, s.token, 'manage'));
      assert.match(page.html, /Pays the outstanding \$20\.00 and reactivates your subscription/);
      const declined = await browser.submit(page, 'Upgrade to Pro');
      assert.equal(resultOf(declined).outcome, 'upgrade_declined');
      assert.equal(resultOf(declined).declineCode, 'insufficient_funds');
      const form = await browser.follow(declined, 'Use another card');
      const done = resultOf(await browser.submit(form, 'Save card', { cardName: 'R', cardNumber: '5555555555554444', cardExpiry: '10/31', cardCvc: '321' }));
      assert.equal(done.outcome, 'upgraded');
      const summary = await account(sb.url, s.token);
      assert.equal(summary.subscription!.status, 'active');
      assert.equal(summary.outstandingBalance.amount, 0);
      assert.equal(summary.paymentMethod!.brand, 'mastercard');
    });

    it('offers no upgrade to a live subscription', async () => {
      const s = await fresh('no-upgrade');
      await setAccountState(sb.url, s.userId, 'unpaid');
      const { page } = await openPortal(await portalSession(sb.url, s.token, 'manage'));
      assert.doesNotMatch(page.html, /Upgrade to Pro/);
      assert.match(page.html, /Pay outstanding balance/);
    });

    it('cancels at period end and resumes from the manage page', async () => {
      const s = await fresh('cancel');
      await setAccountState(sb.url, s.userId, 'active');
      const { browser, page } = await openPortal(await portalSession(sb.url, s.token, 'manage'));
      const canceled = resultOf(await browser.submit(page, 'Cancel at period end'));
      assert.equal(canceled.outcome, 'canceled_at_period_end');
      assert.equal((await account(sb.url, s.token)).subscription!.cancelAtPeriodEnd, true);
      const manage = await browser.get(`${sb.url}/portal/manage`);
      const resumed = resultOf(await browser.submit(manage, 'Resume subscription'));
      assert.equal(resumed.outcome, 'resumed');
      assert.equal((await account(sb.url, s.token)).subscription!.cancelAtPeriodEnd, false);
    });

    it('lists invoices with PDF downloads on the manage page', async () => {
      const s = await signIn(sb.url, 'canceling@sandbox.test');
      const first = await fetch(await portalSession(sb.url, s.token, 'manage'), { redirect: 'manual' });
      const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
      const html = await (await fetch(`${sb.url}/portal/manage`, { headers: { cookie } })).text();
      const links = [...html.matchAll(/href="(\/portal\/invoices\/[^"]+\/pdf)"/g)].map((m) => m[1]!);
      assert.ok(links.length >= 5, `invoice links: ${links.length}`);
      const pdf = await fetch(`${sb.url}${links[0]}`, { headers: { cookie } });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.match(pdf.headers.get('content-disposition')!, /attachment; filename="PB-\d{6}\.pdf"/);
      assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
      const other = await fetch(`${sb.url}${links[0]}`);
      assert.equal(other.status, 401, 'no PDF without the portal session');
    });
  });

  it('warns on the manage page about a card that expires before the next payment', async () => {
    const s = await signIn(sb.url, 'pro@sandbox.test');
    const { page } = await openPortal(await portalSession(sb.url, s.token, 'manage'));
    assert.match(page.html, /This card expires before your next payment on/);
    assert.match(page.html, /Friedrichstraße 68<br>10117 Berlin<br>Germany/);
  });

  describe('portal session requests', () => {
    it('refuses return URLs that are not registered for the extension (no open redirect), with a field error', async () => {
      const s = await fresh('return-url');
      for (const returnUrl of [
        'javascript:alert(1)',
        'data:text/html,hi',
        'file:///etc/passwd',
        'not a url',
        // Accepted before registered return URLs; now refused like any other site.
        'https://example.com/back',
        'http://127.0.0.1:9/x',
        'vscode-insiders://planbilling.plan-billing/x',
        'vscode://evil.attacker-ext/portal-return',
        'vscode://planbilling.plan-billing/auth-callback',
      ]) {
        const res = await api(sb.url, s.token, ApiPaths.portalSessions, { method: 'POST', json: { flow: 'manage', returnUrl } });
        assert.equal(res.status, 422, returnUrl);
        const problem = (await res.json()) as Problem;
        assert.equal(problem.errors![0]!.field, 'returnUrl');
        assert.equal(problem.errors![0]!.code, 'unregistered_url');
        assert.ok(problem.errors![0]!.message.length > 10);
      }
    });

    it('accepts the registered return URLs (editor schemes, loopback, web editors), never cached, and links back to exactly them', async () => {
      const s = await fresh('schemes');
      const codeServer = 'http://127.0.0.1:8080/stable-0123abcd/callback?vscode-reqid=4&vscode-scheme=code-oss&vscode-authority=planbilling.plan-billing&vscode-path=%2Fportal-return';
      for (const returnUrl of [RETURN_URL, 'vscode-insiders://planbilling.plan-billing/portal-return', 'code-oss://planbilling.plan-billing/portal-return', 'http://127.0.0.1:9/portal-return', codeServer]) {
        const res = await api(sb.url, s.token, ApiPaths.portalSessions, { method: 'POST', json: { flow: 'manage', returnUrl } });
        assert.equal(res.status, 200, returnUrl);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        const body = (await res.json()) as { url: string; expiresAt: string };
        assert.ok(Date.parse(body.expiresAt) > Date.now());
        if (returnUrl === codeServer) assert.equal((await payOutstandingBalance(body.url)).returnUrl, codeServer);
      }
    });
  });
});
