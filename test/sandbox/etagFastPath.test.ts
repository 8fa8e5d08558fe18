/**
 * The 304 fast path
 * (docs/contract.md#how-the-sandbox-answers-304-without-loading-the-account)
 * over real HTTP: after every kind of write (the API's, the portal's, the billing clock's, the
 * sandbox admin's, another process's), after time alone (a bonus grant
 * expiring, a renewal falling due, a new UTC day, the entitlement token's
 * re-issue) and across restarts (SIGKILL included), a conditional GET of
 * /v1/account, /v1/usage, /v1/entitlements or /v1/payment-methods with the
 * ETag from before answers 200 with the new body and ETag exactly when the
 * representation changed, and 304 when it did not. The conditional request
 * always goes first: a full GET before it would rebuild what the fast path
 * knows and hide a stale 304. A revoked, rotated-out or expired token gets
 * 401, never 304.
 */
import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import { OAuthClientId, type TokenResponse } from '../../shared/contract/oauth';
import { ApiPaths, pathTo } from '../../shared/contract/paths';
import { FeatureKeys } from '../../shared/contract/featureKeys';
import type { AccountSummary } from '../../shared/contract/account';
import type { PaymentMethodList } from '../../shared/contract/paymentMethods';
import type { SubscriptionChangePreview } from '../../shared/contract/plans';
import { etagOf } from '../../sandbox/http/etag';
import { OTHER_CONNECTIONS_CHECK_MS, type RunningSandbox } from '../../sandbox/server';
import { addCard, editCard, openPortal, payOutstandingBalance, resultOf, updateCard, upgrade } from '../support/portalDriver';
import { startSandbox, type SandboxProcess } from '../support/sandboxProcess';
import { advanceClock, grantBonusCredits, readClock, refundPayment, setAccountState, setCardOutcome } from '../support/sandboxAdmin';
import { api, buildSandboxBundle, portalSession, removeTempData, signIn, sleep, startInProcess, tempDataFile, tokenRequest, uniqueEmail, type Session } from './harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const PATHS = [ApiPaths.account, ApiPaths.usage, ApiPaths.entitlements, ApiPaths.paymentMethods] as const;
type Path = (typeof PATHS)[number];

interface Seen {
  readonly etag: string;
  /** The body without asOf (which changes on every request). */
  readonly body: string;
  /** What the ETag covers: the body, and for the account also every saved card (docs/contract.md#etag-and-304). */
  readonly covered: string;
}

type Snapshot = ReadonlyMap<Path, Seen>;

function withoutAsOf(text: string): string {
  const value = JSON.parse(text) as Record<string, unknown>;
  delete value.asOf;
  return JSON.stringify(value);
}

const DETAILS = { name: 'Grace Hopper', address: { line1: '1 Main St', city: 'Arlington', postalCode: '22201', country: 'US', state: 'VA' }, taxIds: [] };

describe('sandbox 304 fast path', function () {
  this.timeout(60_000);
  let sb: RunningSandbox;
  let dataFile: string;
  before(async () => {
    dataFile = tempDataFile();
    sb = await startInProcess({}, { dataFile, reset: true });
  });
  after(async () => {
    await sb.close();
    removeTempData();
  });

  const conditional = (url: string, token: string, path: Path, etag: string) => api(url, token, path, { headers: { 'if-none-match': etag } });

  async function read(url: string, token: string, path: Path): Promise<Seen> {
    const res = await api(url, token, path);
    const text = await res.text();
    assert.equal(res.status, 200, `GET ${path}: ${text}`);
    const body = withoutAsOf(text);
    const covered = path === ApiPaths.account ? `${body}\n${(await read(url, token, ApiPaths.paymentMethods)).body}` : body;
    return { etag: res.headers.get('etag')!, body, covered };
  }

  /**
   * Every representation as it is now, then each confirmed by a conditional GET answering 304, so the fast
   * path knows all of them at the account's current version (a first read of the entitlements issues a token,
   * a write, which is why the confirmations come after all the reads).
   */
  async function snapshot(s: Session, url = sb.url): Promise<Snapshot> {
    const seen = new Map<Path, Seen>();
    for (const path of PATHS) seen.set(path, await read(url, s.token, path));
    for (const path of PATHS) {
      const now = seen.get(path)!;
      const again = await conditional(url, s.token, path, now.etag);
      assert.equal(again.status, 304, `${path} answers 304 to its own ETag`);
      assert.equal(again.headers.get('etag'), now.etag);
      assert.equal(again.headers.get('cache-control'), 'private, no-cache');
      assert.equal(await again.text(), '');
    }
    return seen;
  }

  /**
   * The conditional GETs with the ETags of `before`: 200 with the new body and ETag exactly for the
   * representations that changed (at least `expected`), 304 for the others.
   */
  async function assertConditionals(s: Session, before: Snapshot, expected: readonly Path[], url = sb.url): Promise<void> {
    const changed: Path[] = [];
    for (const path of PATHS) {
      const old = before.get(path)!;
      const res = await conditional(url, s.token, path, old.etag);
      const text = await res.text();
      const now = await read(url, s.token, path);
      if (now.covered === old.covered) {
        assert.equal(res.status, 304, `${path} did not change, so 304: ${text}`);
        assert.equal(now.etag, old.etag, `${path}: the same representation keeps its ETag`);
        continue;
      }
      changed.push(path);
      assert.equal(res.status, 200, `${path} changed, so not 304 (a stale 304 is the bug this guards against)`);
      assert.notEqual(now.etag, old.etag, `${path}: a new ETag`);
      assert.equal(res.headers.get('etag'), now.etag, `${path}: the 200 carries the new ETag`);
      assert.equal(withoutAsOf(text), now.body, `${path}: the 200 carries the new body`);
    }
    for (const path of expected) assert.ok(changed.includes(path), `${path} should have changed (changed: ${changed.join(', ') || 'none'})`);
  }

  /** A new account of its own, in `state`, with its representations snapshotted. */
  async function fresh(label: string, state?: Parameters<typeof setAccountState>[2], options: Parameters<typeof setAccountState>[3] = {}): Promise<Session> {
    const s = await signIn(sb.url, uniqueEmail(label));
    if (state) await setAccountState(sb.url, s.userId, state, options);
    return s;
  }

  async function ok(res: Response | Promise<Response>, status = 200): Promise<string> {
    const r = await res;
    const text = await r.text();
    assert.equal(r.status, status, text);
    return text;
  }

  const clockNow = async () => Date.parse((await readClock(sb.url)).now);
  const cards = async (s: Session) => ((await (await api(sb.url, s.token, ApiPaths.paymentMethods)).json()) as PaymentMethodList).data;

  describe('an unchanged account', () => {
    it('answers 304 to its ETag, to a list naming it and to *; 200 to another ETag', async () => {
      const s = await fresh('fast-unchanged');
      const before = await snapshot(s);
      for (const path of PATHS) {
        const { etag } = before.get(path)!;
        for (const header of [etag, `"other", W/${etag}`, '*']) assert.equal((await api(sb.url, s.token, path, { headers: { 'if-none-match': header } })).status, 304, `${path} ${header}`);
        assert.equal((await api(sb.url, s.token, path, { headers: { 'if-none-match': '"stale"' } })).status, 200, path);
      }
      await assertConditionals(s, before, []);
    });

    it('answers 304 while another account changes', async () => {
      const s = await fresh('fast-bystander');
      const other = await fresh('fast-busy');
      const before = await snapshot(s);
      await setAccountState(sb.url, other.userId, 'active');
      await ok(api(sb.url, other.token, ApiPaths.billingDetails, { method: 'PUT', json: DETAILS }));
      await assertConditionals(s, before, []);
    });
  });

  describe('writes through the API', () => {
    let seq = 0;
    const event = async (s: Session, credits: string) =>
      ok(api(sb.url, s.token, ApiPaths.usageEvents, { method: 'POST', json: { eventId: `fast-${++seq}`, feature: FeatureKeys.agent, credits, occurredAt: new Date(await clockNow()).toISOString() } }));

    it('a usage event', async () => {
      const s = await fresh('fast-event');
      const before = await snapshot(s);
      await event(s, '1.5');
      await assertConditionals(s, before, [ApiPaths.account, ApiPaths.usage]);
    });

    it('usage settings', async () => {
      const s = await fresh('fast-settings', 'active');
      const before = await snapshot(s);
      await ok(api(sb.url, s.token, ApiPaths.usageSettings, { method: 'PUT', json: { overageEnabled: true, spendCap: 1500 } }));
      await assertConditionals(s, before, [ApiPaths.account, ApiPaths.usage]);
    });

    it('billing details', async () => {
      const s = await fresh('fast-details');
      const before = await snapshot(s);
      await ok(api(sb.url, s.token, ApiPaths.billingDetails, { method: 'PUT', json: DETAILS }));
      await assertConditionals(s, before, [ApiPaths.account]);
    });

    it('an upgrade charged now', async () => {
      const s = await fresh('fast-upgrade', 'active');
      const before = await snapshot(s);
      const preview = JSON.parse(await ok(api(sb.url, s.token, ApiPaths.subscriptionPreview, { method: 'POST', json: { planId: 'pro_plus', interval: 'month' } }))) as SubscriptionChangePreview;
      await ok(api(sb.url, s.token, ApiPaths.subscriptionChange, { method: 'POST', json: { planId: 'pro_plus', interval: 'month', previewId: preview.id } }));
      await assertConditionals(s, before, [ApiPaths.account, ApiPaths.usage, ApiPaths.entitlements]);
    });

    it('a downgrade scheduled, then dropped (keep the current plan)', async () => {
      const s = await fresh('fast-downgrade', 'active', { plan: 'pro_plus' });
      let seen = await snapshot(s);
      const preview = JSON.parse(await ok(api(sb.url, s.token, ApiPaths.subscriptionPreview, { method: 'POST', json: { planId: 'pro', interval: 'month' } }))) as SubscriptionChangePreview;
      await assertConditionals(s, seen, []);
      seen = await snapshot(s);
      await ok(api(sb.url, s.token, ApiPaths.subscriptionChange, { method: 'POST', json: { planId: 'pro', interval: 'month', previewId: preview.id } }));
      await assertConditionals(s, seen, [ApiPaths.account]);
      seen = await snapshot(s);
      await ok(api(sb.url, s.token, ApiPaths.subscriptionScheduledChange, { method: 'DELETE' }));
      await assertConditionals(s, seen, [ApiPaths.account]);
    });

    it('cancel, then resume', async () => {
      const s = await fresh('fast-cancel', 'active');
      let seen = await snapshot(s);
      await ok(api(sb.url, s.token, ApiPaths.subscriptionCancel, { method: 'POST', json: { reason: { code: 'too_expensive' } } }));
      await assertConditionals(s, seen, [ApiPaths.account]);
      seen = await snapshot(s);
      await ok(api(sb.url, s.token, ApiPaths.subscriptionResume, { method: 'POST' }));
      await assertConditionals(s, seen, [ApiPaths.account]);
    });

    it('a card made default, then removed', async () => {
      const s = await fresh('fast-cards', 'active');
      const added = await addCard(await portalSession(sb.url, s.token, 'payment_method_add'), { number: '5555555555554444' }, { makeDefault: false });
      assert.equal(added.outcome, 'card_added');
      const other = (await cards(s)).find((c) => !c.isDefault)!;
      let seen = await snapshot(s);
      await ok(api(sb.url, s.token, pathTo(ApiPaths.paymentMethodDefault, { id: other.id }), { method: 'POST' }));
      await assertConditionals(s, seen, [ApiPaths.account, ApiPaths.paymentMethods]);
      seen = await snapshot(s);
      const formerDefault = (await cards(s)).find((c) => !c.isDefault)!;
      await ok(api(sb.url, s.token, pathTo(ApiPaths.paymentMethod, { id: formerDefault.id }), { method: 'DELETE' }));
      await assertConditionals(s, seen, [ApiPaths.account, ApiPaths.paymentMethods]);
    });
  });

  describe('writes through the portal', () => {
    it('a card added, replaced and edited', async () => {
      const s = await fresh('fast-portal-cards', 'active');
      let seen = await snapshot(s);
      assert.equal((await addCard(await portalSession(sb.url, s.token, 'payment_method_add'), { number: '5555555555554444' }, { makeDefault: false })).outcome, 'card_added');
      await assertConditionals(s, seen, [ApiPaths.account, ApiPaths.paymentMethods]);
      seen = await snapshot(s);
      assert.equal((await updateCard(await portalSession(sb.url, s.token, 'payment_method_update'), { number: '4000056655665556' })).outcome, 'card_saved');
      await assertConditionals(s, seen, [ApiPaths.account, ApiPaths.paymentMethods]);
      seen = await snapshot(s);
      const card = (await cards(s)).find((c) => c.isDefault)!;
      assert.equal((await editCard(await portalSession(sb.url, s.token, 'payment_method_update', undefined, card.id), { expiry: '11/33' })).outcome, 'card_updated');
      await assertConditionals(s, seen, [ApiPaths.account, ApiPaths.paymentMethods]);
    });

    it('the outstanding balance paid', async () => {
      const s = await fresh('fast-pay', 'past_due');
      await setCardOutcome(sb.url, s.userId, 'succeed');
      const before = await snapshot(s);
      assert.equal((await payOutstandingBalance(await portalSession(sb.url, s.token, 'pay_outstanding_balance'))).outcome, 'paid');
      await assertConditionals(s, before, [ApiPaths.account, ApiPaths.entitlements]);
    });

    it('an upgrade from Free with a new card', async () => {
      const s = await fresh('fast-portal-upgrade');
      const before = await snapshot(s);
      assert.equal((await upgrade(await portalSession(sb.url, s.token, 'manage'))).outcome, 'upgraded');
      await assertConditionals(s, before, [ApiPaths.account, ApiPaths.usage, ApiPaths.entitlements, ApiPaths.paymentMethods]);
    });

    it('cancel at period end, then resume', async () => {
      const s = await fresh('fast-portal-cancel', 'active');
      let seen = await snapshot(s);
      const { browser, page } = await openPortal(await portalSession(sb.url, s.token, 'manage'));
      assert.equal(resultOf(await browser.submit(page, 'Cancel at period end')).outcome, 'canceled_at_period_end');
      await assertConditionals(s, seen, [ApiPaths.account]);
      seen = await snapshot(s);
      assert.equal(resultOf(await browser.submit(await browser.get(`${sb.url}/portal/manage`), 'Resume subscription')).outcome, 'resumed');
      await assertConditionals(s, seen, [ApiPaths.account]);
    });
  });

  describe('sandbox admin writes', () => {
    it('an account state set', async () => {
      const s = await fresh('fast-state');
      const before = await snapshot(s);
      await setAccountState(sb.url, s.userId, 'active');
      await assertConditionals(s, before, [ApiPaths.account, ApiPaths.usage, ApiPaths.entitlements, ApiPaths.paymentMethods]);
    });

    it('bonus credits granted', async () => {
      const s = await fresh('fast-grant');
      const before = await snapshot(s);
      await grantBonusCredits(sb.url, s.userId, { credits: '25' });
      await assertConditionals(s, before, [ApiPaths.account, ApiPaths.usage]);
    });

    it('a card outcome and a refund (nothing any of the four shows)', async () => {
      const s = await fresh('fast-refund', 'active');
      const before = await snapshot(s);
      await setCardOutcome(sb.url, s.userId, 'generic_decline');
      const payments = (await (await api(sb.url, s.token, ApiPaths.payments)).json()) as { data: { id: string; status: string }[] };
      await refundPayment(sb.url, payments.data.find((p) => p.status === 'succeeded')!.id, 100);
      await assertConditionals(s, before, []);
    });
  });

  describe('another process writing to the same database', () => {
    it('a change made through another connection is seen once the sandbox has looked for such writes', async () => {
      const s = await fresh('fast-other-process');
      const before = await snapshot(s);
      const other = new Database(dataFile);
      try {
        other.prepare('UPDATE users SET billing_name = ? WHERE id = ?').run('Changed Elsewhere', s.userId);
      } finally {
        other.close();
      }
      await sleep(3 * OTHER_CONNECTIONS_CHECK_MS);
      await assertConditionals(s, before, [ApiPaths.account]);
    });
  });

  describe('the billing clock and time alone', () => {
    it('a clock advance (the token carries the clock offset), and a renewal by it', async () => {
      const s = await fresh('fast-advance', 'active');
      let seen = await snapshot(s);
      await advanceClock(sb.url, { hours: 1 });
      await assertConditionals(s, seen, [ApiPaths.entitlements]);
      seen = await snapshot(s);
      const summary = JSON.parse(seen.get(ApiPaths.account)!.body) as AccountSummary;
      await advanceClock(sb.url, { hours: (Date.parse(summary.subscription!.currentPeriodEnd) - (await clockNow())) / HOUR + 1 });
      await assertConditionals(s, seen, [ApiPaths.account, ApiPaths.usage, ApiPaths.entitlements]);
    });

    /** Advances the clock to `lead` ms before `at` (billing time), so that instant comes with no write, by waiting. */
    async function approach(at: number, lead = 1500): Promise<void> {
      const ms = at - lead - (await clockNow());
      assert.ok(ms > 0, 'the instant lies ahead');
      await advanceClock(sb.url, { hours: ms / HOUR });
    }
    async function waitUntil(at: number): Promise<void> {
      await sleep(Math.max(0, at - (await clockNow())) + 100);
    }

    it('a renewal falling due with no write', async () => {
      const s = await fresh('fast-renewal', 'active');
      const periodEnd = Date.parse((JSON.parse((await read(sb.url, s.token, ApiPaths.account)).body) as AccountSummary).subscription!.currentPeriodEnd);
      await approach(periodEnd);
      const before = await snapshot(s);
      await waitUntil(periodEnd);
      await assertConditionals(s, before, [ApiPaths.account, ApiPaths.usage, ApiPaths.entitlements]);
    });

    it('a bonus grant expiring with no write', async () => {
      const s = await fresh('fast-grant-expiry');
      const expiresAt = (await clockNow()) + 2500;
      await grantBonusCredits(sb.url, s.userId, { credits: '10', expiresAt: new Date(expiresAt).toISOString() });
      const before = await snapshot(s);
      await waitUntil(expiresAt);
      await assertConditionals(s, before, [ApiPaths.account, ApiPaths.usage]);
    });

    it('a new UTC day with no write (GET /v1/usage lists every day up to today)', async () => {
      const s = await fresh('fast-midnight');
      let midnight = Math.ceil((await clockNow()) / DAY) * DAY;
      if (midnight - (await clockNow()) < 3000) midnight += DAY;
      await approach(midnight);
      const before = await snapshot(s);
      await waitUntil(midnight);
      await assertConditionals(s, before, [ApiPaths.usage]);
    });
  });

  describe('a write while a new entitlement token is being signed', () => {
    it('stores the token but does not vouch for it, so the next conditional request gets the token of the new state', async () => {
      const s = await fresh('fast-signing-race', 'active');
      const { repo } = sb.services.billing;
      const user = repo.userById(s.userId)!;
      // tokenFor reads the account, then awaits the signature: the write lands in between.
      const issuing = sb.services.entitlements.tokenFor(user);
      repo.updateSubscription(repo.subscriptionOf(s.userId)!.id, { status: 'past_due' });
      const issued = await issuing;
      assert.equal(issued.freshness, null);
      const res = await conditional(sb.url, s.token, ApiPaths.entitlements, etagOf(issued.token));
      assert.equal(res.status, 200);
      assert.notEqual(((await res.json()) as { token: string }).token, issued.token);
    });
  });

  describe('the entitlement token re-issued at three quarters of its lifetime, with no write', () => {
    let short: RunningSandbox;
    before(async () => {
      short = await startInProcess({ entitlementTtlSeconds: 4 });
    });
    after(() => short.close());

    it('answers the new token, and the summary carrying it, once the old one is past three quarters of its lifetime', async () => {
      const s = await signIn(short.url, uniqueEmail('fast-reissue'));
      const before = await snapshot(s, short.url);
      await sleep(3100);
      await assertConditionals(s, before, [ApiPaths.entitlements, ApiPaths.account], short.url);
    });
  });

  describe('tokens', () => {
    const revoke = (url: string, token: string) =>
      fetch(`${url}${ApiPaths.revoke}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${encodeURIComponent(token)}` });

    async function assertRefused(url: string, token: string, before: Snapshot): Promise<void> {
      for (const path of PATHS) {
        const res = await conditional(url, token, path, before.get(path)!.etag);
        assert.equal(res.status, 401, `${path}: ${await res.text()}`);
        assert.match(res.headers.get('www-authenticate')!, /error="invalid_token"/);
      }
    }

    it('a revoked access token gets 401, never 304', async () => {
      const s = await fresh('fast-revoked');
      const before = await snapshot(s);
      await ok(revoke(sb.url, s.token));
      await assertRefused(sb.url, s.token, before);
    });

    it('after sign-out (the refresh token revoked) the access token gets 401', async () => {
      const s = await fresh('fast-signout');
      const before = await snapshot(s);
      await ok(revoke(sb.url, s.refreshToken));
      await assertRefused(sb.url, s.token, before);
    });

    it('a rotated sign-in: the new token gets the same 304s; once the old refresh token is replayed past the grace, 401', async () => {
      const strict = await startInProcess({ refreshReuseGraceSeconds: 0 });
      try {
        const s = await signIn(strict.url, uniqueEmail('fast-rotated'));
        const before = await snapshot(s, strict.url);
        const rotated = JSON.parse(await ok(tokenRequest(strict.url, { grant_type: 'refresh_token', refresh_token: s.refreshToken, client_id: OAuthClientId }))) as TokenResponse;
        for (const path of PATHS) assert.equal((await conditional(strict.url, rotated.access_token, path, before.get(path)!.etag)).status, 304, `${path} with the new token`);
        await sleep(10);
        assert.equal((await tokenRequest(strict.url, { grant_type: 'refresh_token', refresh_token: s.refreshToken, client_id: OAuthClientId })).status, 400);
        await assertRefused(strict.url, s.token, before);
        await assertRefused(strict.url, rotated.access_token, before);
      } finally {
        await strict.close();
      }
    });

    it('an expired access token gets 401', async () => {
      const short = await startInProcess({ accessTokenTtlSeconds: 2 });
      try {
        const s = await signIn(short.url, uniqueEmail('fast-expired'));
        const before = await snapshot(s, short.url);
        await sleep(2100);
        await assertRefused(short.url, s.token, before);
      } finally {
        await short.close();
      }
    });
  });
});

describe('sandbox 304 fast path across restarts', function () {
  this.timeout(60_000);
  before(() => buildSandboxBundle());
  const running: SandboxProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.kill()));
  });
  after(() => removeTempData());

  const etagsOf = async (url: string, token: string) => {
    const seen = new Map<Path, string>();
    for (const path of PATHS) {
      const res = await api(url, token, path);
      assert.equal(res.status, 200);
      seen.set(path, res.headers.get('etag')!);
      assert.equal((await api(url, token, path, { headers: { 'if-none-match': seen.get(path)! } })).status, 304);
    }
    return seen;
  };

  it('keeps its ETags over a restart, and answers an acknowledged write made before a SIGKILL with 200, not a stale 304', async () => {
    const dataFile = tempDataFile();
    const first = await startSandbox({ dataFile, reset: true });
    running.push(first);
    const s = await signIn(first.url, uniqueEmail('fast-restart'));
    const before = await etagsOf(first.url, s.token);

    // A plain restart: the same representations keep their ETags, so clients keep their 304s.
    await first.stop();
    const second = await startSandbox({ dataFile, reset: false });
    running.push(second);
    for (const path of PATHS) {
      const res = await api(second.url, s.token, path, { headers: { 'if-none-match': before.get(path)! } });
      assert.equal(res.status, 304, `${path} after a restart`);
      assert.equal(res.headers.get('etag'), before.get(path));
    }

    // An acknowledged write, then SIGKILL: the write and the version it bumped are on disk together.
    const saved = await api(second.url, s.token, ApiPaths.billingDetails, { method: 'PUT', json: DETAILS });
    assert.equal(saved.status, 200, await saved.text());
    await second.kill();
    const third = await startSandbox({ dataFile, reset: false });
    running.push(third);
    const res = await api(third.url, s.token, ApiPaths.account, { headers: { 'if-none-match': before.get(ApiPaths.account)! } });
    assert.equal(res.status, 200, 'the billing details changed before the kill');
    assert.equal(((await res.json()) as AccountSummary).billingDetails.name, DETAILS.name);
    assert.notEqual(res.headers.get('etag'), before.get(ApiPaths.account));
    assert.equal((await api(third.url, s.token, ApiPaths.account, { headers: { 'if-none-match': res.headers.get('etag')! } })).status, 304);
  });
});
