/**
 * A real sandbox (child process on loopback) for a suite, and API clients
 * signed in as new accounts of it: what the client-side suites that talk to
 * the service share. No HTTP mocking.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { ApiClient } from '../../../src/api/apiClient';
import { HttpTransport } from '../../../src/api/httpTransport';
import { type DemoState } from '../../../shared/contract/sandboxAdmin';
import { createSession, setAccountState } from '../../support/sandboxAdmin';
import { type SandboxProcess, startSandbox } from '../../support/sandboxProcess';
import { buildSandboxBundle } from '../../sandbox/harness';
import { recordingLogger } from './memoryStores';

/** Starts one sandbox for the suite (before) and stops it (after); call inside describe(). */
export function useSandbox(): () => SandboxProcess {
  let sandbox: SandboxProcess | undefined;
  before(async () => {
    buildSandboxBundle();
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.stop();
  });
  return () => {
    if (!sandbox) throw new Error('the sandbox is not running (useSandbox() outside describe?)');
    return sandbox;
  };
}

export interface SignedInClient {
  readonly api: ApiClient;
  readonly accountId: string;
  readonly accessToken: string;
}

/** A new account ("<label>-xxxx@sandbox.test", put into `state` unless Free) and a client signed in as it. */
export async function signedInClient(sandboxUrl: string, label: string, state?: Exclude<DemoState, 'free'>, transport: { maxAttempts?: number; backoffBaseMs?: number } = {}): Promise<SignedInClient> {
  const tokens = await createSession(sandboxUrl, `${label}-${randomUUID().slice(0, 8)}@sandbox.test`);
  const api = new ApiClient({
    transport: new HttpTransport({ serviceUrl: () => sandboxUrl, logger: recordingLogger().logger, backoffBaseMs: transport.backoffBaseMs ?? 20, random: () => 0.5, maxAttempts: transport.maxAttempts }),
    auth: { getAccessToken: async () => ({ token: tokens.access_token, origin: new URL(sandboxUrl).origin }), renewAccessToken: async () => tokens.access_token },
  });
  const summary = await api.getAccount();
  assert.ok(!summary.notModified);
  const accountId = summary.body.user.id;
  if (state) await setAccountState(sandboxUrl, accountId, state);
  return { api, accountId, accessToken: tokens.access_token };
}
