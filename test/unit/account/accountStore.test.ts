/**
 * The account store with the real API client, auth sessions and key ring,
 * against a real sandbox, with in-memory storage standing in for globalState
 * and SecretStorage: restore, verified refresh, 304s, transient failures that
 * never downgrade, sign-out clearing every trace, and a second "window"
 * following the first through shared storage.
 */
import { strict as assert } from 'node:assert';
import { AccountCacheStore } from '../../../src/account/accountCache';
import { AccountStore } from '../../../src/account/accountStore';
import { saveBillingDetails } from '../../../src/account/billingActions';
import { type SnapshotChange } from '../../../src/account/accountSnapshot';
import { ApiClient } from '../../../src/api/apiClient';
import { HttpTransport } from '../../../src/api/httpTransport';
import { AuthSessions } from '../../../src/auth/authSessions';
import { OAuthClient } from '../../../src/auth/oauthClient';
import { KeyRing } from '../../../src/entitlements/keyRing';
import { createSandboxKeys } from '../../../src/entitlements/sandboxKeys';
import { TokenVault } from '../../../src/entitlements/tokenVault';
import { NotificationMemoryStore } from '../../../src/notifications/notificationMemory';
import { type Clock, systemClock } from '../../../src/util/clock';
import { DisposableStore } from '../../../src/util/disposables';
import { MemoryKeyValueStore, StorageKeys } from '../../../src/util/storage';
import { accountByEmail, clearFaults, createSession, injectFault, setAccountState } from '../../support/sandboxAdmin';
import { type SandboxProcess, startSandbox } from '../../support/sandboxProcess';
import { buildSandboxBundle, uniqueEmail } from '../../sandbox/harness';
import { MemorySecretStore, recordingLogger } from '../support/memoryStores';

interface Window {
  store: AccountStore;
  client: ApiClient;
  sessions: AuthSessions;
  changes: SnapshotChange[];
  logLines: string[];
  dispose(): void;
}

describe('AccountStore against the real sandbox', function () {
  this.timeout(60_000);
  let sandbox: SandboxProcess;
  let state: MemoryKeyValueStore;
  let secrets: MemorySecretStore;
  const windows: Window[] = [];

  /**
   * One editor window's core, sharing `state` and `secrets` with the others (as globalState/SecretStorage do);
   * `windowSecrets`: a window with its own view of the secrets instead.
   */
  function openWindow(clock: Clock = systemClock, windowSecrets: MemorySecretStore = secrets): Window {
    const secrets = windowSecrets;
    const { logger, lines: logLines } = recordingLogger();
    const transport = new HttpTransport({ serviceUrl: () => sandbox.url, logger, clock, timeoutMs: 1000, maxAttempts: 2, backoffBaseMs: 20 });
    const sessions = new AuthSessions({ secrets, oauth: new OAuthClient({ transport }), clock, logger, serviceOrigin: () => new URL(sandbox.url).origin });
    const client = new ApiClient({ transport, auth: sessions });
    const keyRing = new KeyRing({ sandbox: createSandboxKeys({ state, client, logger, serviceUrl: () => sandbox.url }) });
    const vault = new TokenVault({ clock, logger, state, secrets, keyRing, audience: 'planbilling.plan-billing' });
    const store = new AccountStore({
      clock,
      logger,
      client,
      sessions,
      cache: new AccountCacheStore({ state, secrets }),
      vault,
      accountScopedData: [new NotificationMemoryStore({ state })],
    });
    const changes: SnapshotChange[] = [];
    store.onDidChange((c) => changes.push(c));
    sessions.onDidSignOut(() => void store.onSignedOut());
    const disposables = new DisposableStore();
    disposables.add(
      secrets.onDidChange((e) => {
        if (e.key === StorageKeys.entitlementToken) void store.syncFromOtherWindow();
        if (e.key === StorageKeys.session) void sessions.load().then((session) => (session ? undefined : store.onSignedOut()));
      }),
    );
    disposables.add(store);
    disposables.add(sessions);
    const window = { store, client, sessions, changes, logLines, dispose: () => disposables.dispose() };
    windows.push(window);
    return window;
  }

  async function signIn(w: Window, email: string): Promise<void> {
    const tokens = await createSession(sandbox.url, email);
    const account = await accountByEmail(sandbox.url, email);
    const session = await w.sessions.establish(tokens, { id: account.id, email: account.email, name: account.name }, sandbox.url);
    await w.store.onSignedIn(session);
  }

  before(async () => {
    buildSandboxBundle();
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.stop();
  });
  beforeEach(async () => {
    state = new MemoryKeyValueStore();
    secrets = new MemorySecretStore();
    await clearFaults(sandbox.url);
  });
  afterEach(() => {
    for (const w of windows.splice(0)) w.dispose();
  });

  it('starts signed out, then signs in through "checking" to a verified plan', async () => {
    const w = openWindow();
    w.store.restore();
    await w.store.loadSecrets();
    assert.equal(w.store.snapshot.kind, 'signedOut');
    await signIn(w, 'pro@sandbox.test');
    const kinds = w.changes.map((c) => c.current.kind);
    assert.ok(kinds.indexOf('checking') < kinds.indexOf('active'), kinds.join(' → '));
    assert.ok(!kinds.includes('free'), 'never shown as Free while unresolved');
    const s = w.store.snapshot;
    assert.equal(s.kind, 'active');
    assert.equal(s.plan, 'pro');
    assert.ok(w.store.has('ai.agent'));
    assert.equal(s.stale, false);
    assert.ok(s.lastVerifiedAt !== undefined && s.offlineUntil !== undefined);
  });

  it('restores from storage without the network, and confirms unchanged data with 304s', async () => {
    const first = openWindow();
    await signIn(first, 'pro@sandbox.test');
    first.dispose();
    windows.length = 0;

    // A new window (think: the next editor start) with the service unreachable.
    await injectFault(sandbox.url, { route: '*', kind: 'reset', count: 100 });
    const next = openWindow();
    next.store.restore();
    assert.equal(next.store.snapshot.kind, 'checking', 'synchronous restore: signed in, not yet verified');
    await next.store.loadSecrets();
    assert.equal(next.store.snapshot.kind, 'active', 'the stored token verified offline');
    assert.ok(next.store.has('ai.agent'));
    await clearFaults(sandbox.url);
    const outcome = await next.store.refresh('manual');
    assert.deepEqual(outcome, { status: 'updated', changed: false });
  });

  it("another window's newer token that this one cannot read (VS Code for the web) is fetched and verified here, never confirmed by a 304", async () => {
    const email = uniqueEmail('web-tabs');
    const first = openWindow();
    await signIn(first, email);
    const { id } = await accountByEmail(sandbox.url, email);
    await setAccountState(sandbox.url, id, 'active');
    await first.store.refresh('manual');
    assert.equal(first.store.snapshot.kind, 'active');

    // A second tab read the secrets when it loaded; later writes of the first stay unseen there.
    const tabSecrets = new MemorySecretStore();
    for (const key of secrets.keys()) await tabSecrets.store(key, (await secrets.get(key))!);
    const second = openWindow(systemClock, tabSecrets);
    second.store.restore();
    await second.store.loadSecrets();
    assert.equal(second.store.snapshot.kind, 'active');

    await setAccountState(sandbox.url, id, 'past_due');
    await first.store.refresh('manual');
    assert.equal(first.store.snapshot.kind, 'pastDue');
    await second.store.syncFromOtherWindow();
    const from = second.logLines.length;
    await second.store.refresh('otherWindow');
    assert.deepEqual(requestsOf(second, from), ['GET /v1/account → 200'], 'unconditional: the shared ETag describes a token this tab does not hold');
    assert.equal(second.store.snapshot.kind, 'pastDue');
    assert.equal(second.store.has('ai.agent'), false);
  });

  it('stays stale after its failed check until another window checks later, not on an older check in the shared cache', async () => {
    const first = openWindow();
    await signIn(first, 'pro@sandbox.test');
    await injectFault(sandbox.url, { route: 'GET /v1/account', kind: 'status', status: 500, count: 5 });
    assert.equal((await first.store.refresh('manual')).status, 'failed');
    await first.store.syncFromOtherWindow();
    assert.equal(first.store.snapshot.stale, true, 'the cached check is older than the failure');
    await clearFaults(sandbox.url);
    const second = openWindow();
    await second.sessions.load();
    second.store.restore();
    await second.store.loadSecrets();
    assert.equal((await second.store.refresh('manual')).status, 'updated');
    await first.store.syncFromOtherWindow();
    assert.equal(first.store.snapshot.stale, false, 'the other window verified after the failure');
  });

  /** The Billing API requests the window's transport logged since `from`, as "GET /v1/account → 304". */
  const requestsOf = (w: Window, from = 0) =>
    w.logLines
      .slice(from)
      .flatMap((line) => /^debug (GET|POST|PUT|DELETE) (\/v1\/[a-z-]+) → (\d+)/.exec(line)?.slice(1, 4).join(' ') ?? [])
      .map((request) => request.replace(/ (\d+)$/, ' → $1'));

  it('checks with one conditional request: the summary carries the token, which goes to secret storage only', async () => {
    const w = openWindow();
    await signIn(w, 'pro@sandbox.test');
    assert.deepEqual(requestsOf(w).filter((r) => r.includes('/v1/entitlements')), [], 'no separate entitlement request');
    assert.equal(w.store.snapshot.kind, 'active');
    const token = await secrets.get(StorageKeys.entitlementToken);
    assert.ok(token, 'the token is in secret storage');
    const cached = JSON.stringify(state.keys().map((key) => state.get(key)));
    assert.ok(!cached.includes(token.split('.')[2]!), 'the cached summary in globalState holds no token');
    const from = w.logLines.length;
    assert.deepEqual(await w.store.refresh('manual'), { status: 'updated', changed: false });
    assert.deepEqual(requestsOf(w, from), ['GET /v1/account → 304']);
  });

  it('fetches GET /v1/entitlements from a service whose summary carries no token', async () => {
    const plain = await startSandbox({ env: { SANDBOX_TOKEN_IN_SUMMARY: '0' } });
    try {
      const previous = sandbox;
      sandbox = plain;
      try {
        const w = openWindow();
        await signIn(w, 'pro@sandbox.test');
        assert.equal(w.store.snapshot.kind, 'active');
        assert.ok(w.store.has('ai.agent'));
        assert.ok(requestsOf(w).some((r) => r.startsWith('GET /v1/entitlements → 200')), requestsOf(w).join(', '));
        const from = w.logLines.length;
        await w.store.refresh('manual');
        // The token was fresh: the summary's 304 alone is the check, as before the summary carried tokens.
        assert.deepEqual(requestsOf(w, from), ['GET /v1/account → 304']);
      } finally {
        sandbox = previous;
      }
    } finally {
      await plain.stop();
    }
  });

  it('never downgrades on 500s, resets, timeouts or malformed bodies; marks the state stale', async () => {
    const email = uniqueEmail('store-faults');
    const w = openWindow();
    await signIn(w, email);
    const account = await accountByEmail(sandbox.url, email);
    await setAccountState(sandbox.url, account.id, 'active');
    await w.store.refresh('manual');
    assert.equal(w.store.snapshot.kind, 'active');
    const before = w.store.snapshot.features;
    const faults = [
      { kind: 'status' as const, status: 500 },
      { kind: 'reset' as const },
      { kind: 'latency' as const, latencyMs: 2500 },
      { kind: 'malformed' as const },
      { kind: 'status' as const, status: 429, retryAfter: 120 },
    ];
    for (const fault of faults) {
      await clearFaults(sandbox.url);
      await injectFault(sandbox.url, { route: 'GET /v1/account', count: 5, ...fault });
      const outcome = await w.store.refresh('manual');
      assert.equal(outcome.status, 'failed', fault.kind);
      const s = w.store.snapshot;
      assert.equal(s.kind, 'active', `${fault.kind}: still active`);
      assert.deepEqual(s.features, before, `${fault.kind}: features kept`);
      assert.equal(s.stale, true, `${fault.kind}: marked stale`);
      assert.ok(s.error, `${fault.kind}: error reported`);
    }
    await clearFaults(sandbox.url);
    await w.store.refresh('manual');
    assert.equal(w.store.snapshot.stale, false);
    assert.equal(w.store.snapshot.error, null);
  });

  it('lowers entitlements only on a verified answer', async () => {
    const email = uniqueEmail('store-downgrade');
    const w = openWindow();
    await signIn(w, email);
    const account = await accountByEmail(sandbox.url, email);
    await setAccountState(sandbox.url, account.id, 'active');
    await w.store.refresh('manual');
    assert.ok(w.store.has('ai.agent'));
    await setAccountState(sandbox.url, account.id, 'past_due');
    const outcome = await w.store.refresh('manual');
    assert.deepEqual(outcome, { status: 'updated', changed: true });
    assert.equal(w.store.snapshot.kind, 'pastDue');
    assert.equal(w.store.has('ai.agent'), false);
  });

  it('a manual refresh during a background one sees changes made after that one started', async () => {
    const email = uniqueEmail('store-followup');
    const w = openWindow();
    await signIn(w, email);
    const account = await accountByEmail(sandbox.url, email);
    await injectFault(sandbox.url, { route: 'GET /v1/account', kind: 'latency', latencyMs: 400, count: 1 });
    const background = w.store.refresh('uriCallback');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await setAccountState(sandbox.url, account.id, 'active');
    const manual = w.store.refresh('manual');
    assert.notEqual(manual, background, 'not merely joined');
    const [first, second] = await Promise.all([background, manual]);
    assert.notEqual(first, second);
    assert.equal(w.store.snapshot.kind, 'active');
    assert.ok(w.logLines.some((l) => l.includes('Refresh (uriCallback)')));
    assert.ok(w.logLines.some((l) => l.includes('Refresh (manual)')), 'a second refresh ran after the first');
  });

  it('saves billing details: field errors in protocol shape, then success refreshes the summary', async () => {
    const w = openWindow();
    await signIn(w, uniqueEmail('store-billing'));
    const address = { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
    const rejected = await saveBillingDetails(w.client, w.store, { name: 'Ada', address: { ...address, country: 'XX' }, taxIds: [] }, 'req-1');
    assert.equal(rejected.ok, false);
    assert.ok(!rejected.ok && rejected.fieldErrors.some((f) => f.field === 'address.country') && rejected.message === null);
    const saved = await saveBillingDetails(w.client, w.store, { name: 'Ada', address, taxIds: [{ type: 'eu_vat', value: 'DE123456788' }] }, 'req-2');
    assert.ok(saved.ok, JSON.stringify(saved));
    const updated = await w.store.waitFor((s) => s.account?.billingDetails.address?.city === 'Berlin', 5000);
    assert.ok(updated, 'the summary shows the new address');
    await injectFault(sandbox.url, { route: 'PUT /v1/billing-details', kind: 'reset', count: 5 });
    const offline = await saveBillingDetails(w.client, w.store, { name: 'Ada', address, taxIds: [] }, 'req-3');
    assert.ok(!offline.ok && offline.message !== null && offline.fieldErrors.length === 0);
  });

  it('shows a change made in one window in the other, and signs out everywhere', async () => {
    const email = uniqueEmail('store-windows');
    const a = openWindow();
    const b = openWindow();
    b.store.restore();
    await b.store.loadSecrets();
    await signIn(a, email);
    const account = await accountByEmail(sandbox.url, email);
    await setAccountState(sandbox.url, account.id, 'trialing');
    await a.store.refresh('manual');
    assert.equal(a.store.snapshot.kind, 'trialing');
    await b.sessions.load();
    await b.store.syncFromOtherWindow();
    const seen = await b.store.waitFor((s) => s.kind === 'trialing', 2000);
    assert.ok(seen, `window B shows ${b.store.snapshot.kind}`);

    await a.sessions.signOut();
    const gone = await b.store.waitFor((s) => s.kind === 'signedOut', 2000);
    assert.ok(gone, 'window B followed the sign-out');
    assert.equal(a.store.snapshot.kind, 'signedOut');
    assert.deepEqual(secrets.keys(), [], 'no secret left');
    for (const key of [StorageKeys.accountCache, StorageKeys.acceptedSeq, StorageKeys.notificationMemory]) {
      assert.equal(state.get(key), undefined, `${key} cleared`);
    }
  });

  it('treats a stored token as unusable after the clock went back by hours', async () => {
    const w = openWindow();
    await signIn(w, 'pro@sandbox.test');
    w.dispose();
    windows.length = 0;
    await state.update(StorageKeys.latestSeenTime, Date.now() + 5 * 3600_000);
    const rolledBack = openWindow();
    rolledBack.store.restore();
    await rolledBack.store.loadSecrets();
    assert.equal(rolledBack.store.snapshot.kind, 'checking');
    assert.equal(rolledBack.store.snapshot.clockRolledBack, true);
    assert.equal(rolledBack.store.has('ai.agent'), false);
  });
});
