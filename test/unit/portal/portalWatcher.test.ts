/**
 * The portal watcher with the real account store against a real sandbox: the
 * portal is driven over HTTP (test/support/portalDriver.ts) while the watch
 * follows the store's bounded poll, with short poll delays so a test takes
 * seconds rather than minutes.
 */
import { strict as assert } from 'node:assert';
import { AccountCacheStore } from '../../../src/account/accountCache';
import { AccountStore } from '../../../src/account/accountStore';
import { DEFAULT_REFRESH_POLICY, type RefreshPolicyConfig } from '../../../src/account/refreshPolicy';
import { ApiClient } from '../../../src/api/apiClient';
import { HttpTransport } from '../../../src/api/httpTransport';
import { AuthSessions } from '../../../src/auth/authSessions';
import { OAuthClient } from '../../../src/auth/oauthClient';
import { KeyRing } from '../../../src/entitlements/keyRing';
import { createSandboxKeys } from '../../../src/entitlements/sandboxKeys';
import { TokenVault } from '../../../src/entitlements/tokenVault';
import { PortalWatcher } from '../../../src/portal/portalWatcher';
import { systemClock } from '../../../src/util/clock';
import { DisposableStore } from '../../../src/util/disposables';
import { MemoryKeyValueStore } from '../../../src/util/storage';
import { upgrade } from '../../support/portalDriver';
import { accountByEmail, createSession } from '../../support/sandboxAdmin';
import { type SandboxProcess, startSandbox } from '../../support/sandboxProcess';
import { buildSandboxBundle, uniqueEmail } from '../../sandbox/harness';
import { MemorySecretStore, recordingLogger } from '../support/memoryStores';

const RETURN_URL = 'vscode://planbilling.plan-billing/portal-return';

describe('PortalWatcher against the real sandbox', function () {
  this.timeout(60_000);
  let sandbox: SandboxProcess;
  let disposables: DisposableStore;

  /** A signed-in store whose portal poll asks every 100 ms and gives up after `pollMaxDurationMs`. */
  async function signedIn(email: string, policy: Partial<RefreshPolicyConfig> = {}) {
    const { logger } = recordingLogger();
    const state = new MemoryKeyValueStore();
    const secrets = new MemorySecretStore();
    const transport = new HttpTransport({ serviceUrl: () => sandbox.url, logger });
    const sessions = disposables.add(new AuthSessions({ secrets, oauth: new OAuthClient({ transport }), clock: systemClock, logger, serviceOrigin: () => new URL(sandbox.url).origin }));
    const client = new ApiClient({ transport, auth: sessions });
    const keyRing = new KeyRing({ sandbox: createSandboxKeys({ state, client, logger, serviceUrl: () => sandbox.url }) });
    const vault = new TokenVault({ clock: systemClock, logger, state, secrets, keyRing, audience: 'planbilling.plan-billing' });
    const store = disposables.add(
      new AccountStore({
        clock: systemClock,
        logger,
        client,
        sessions,
        cache: new AccountCacheStore({ state, secrets }),
        vault,
        policy: { ...DEFAULT_REFRESH_POLICY, pollDelaysMs: [100], ...policy },
      }),
    );
    // The sandbox creates a Free account for an unknown email on its first session.
    const tokens = await createSession(sandbox.url, email);
    const account = await accountByEmail(sandbox.url, email);
    await store.onSignedIn(await sessions.establish(tokens, { id: account.id, email: account.email, name: account.name }, sandbox.url));
    return { store, client, sessions, watcher: new PortalWatcher({ account: store, clock: systemClock }) };
  }

  before(async () => {
    buildSandboxBundle();
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.stop();
  });
  beforeEach(() => {
    disposables = new DisposableStore();
  });
  afterEach(() => disposables.dispose());

  it('reports the first change, and waits through it until the upgrade is paid', async () => {
    const { store, client, watcher } = await signedIn(uniqueEmail('watch-upgrade'));
    assert.equal(store.snapshot.kind, 'free');
    const session = await client.createPortalSession('manage', RETURN_URL);
    const watch = disposables.add(watcher.watch(store.snapshot));
    assert.equal(store.snapshot.portalPolling, true, 'the watch started the poll');
    const progress: string[] = [];
    watch.onDidProgress((p) => progress.push(p.kind));
    const paid = upgrade(session.url);
    const upgraded = await watch.until((s) => s.features.includes('ai.agent'), new AbortController().signal);
    assert.ok((await paid).outcome, 'the portal took the card and the payment');
    assert.equal(upgraded?.kind === 'active' || upgraded?.kind === 'trialing', true, upgraded?.kind);
    assert.equal(await watch.accountChanged, true);
    assert.equal(progress[0], 'changed');
    assert.equal(watch.before.kind, 'free');
  });

  it('ends without a change when the poll runs out, and when the account signs out', async () => {
    const quiet = await signedIn(uniqueEmail('watch-quiet'), { pollMaxDurationMs: 500 });
    const unchanged = disposables.add(quiet.watcher.watch(quiet.store.snapshot));
    assert.equal(await unchanged.accountChanged, false);
    assert.equal(quiet.store.snapshot.portalPolling, false, 'the poll gave up by itself');

    const leaving = await signedIn(uniqueEmail('watch-signout'));
    const watch = disposables.add(leaving.watcher.watch(leaving.store.snapshot));
    const waiting = watch.until((s) => s.features.includes('ai.agent'), new AbortController().signal);
    await leaving.sessions.signOut();
    await leaving.store.onSignedOut();
    assert.equal(await waiting, undefined, 'nothing left to wait for');
    assert.equal(await watch.accountChanged, false);
  });

  it('stops the poll when the wait is cancelled', async () => {
    const { store, watcher } = await signedIn(uniqueEmail('watch-cancel'));
    const watch = disposables.add(watcher.watch(store.snapshot));
    const cancel = new AbortController();
    const waiting = watch.until((s) => s.features.includes('ai.agent'), cancel.signal);
    cancel.abort();
    assert.equal(await waiting, undefined);
    assert.equal(store.snapshot.portalPolling, false);
  });
});
