/**
 * Helpers of the sandbox tests: a real sandbox on a loopback port, started
 * in-process (fast, with config overrides) or as the built child process, and
 * small HTTP helpers. Nothing here mocks HTTP.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { describeMismatch, matches } from '../../src/api/validate';
import { type AccountSummary } from '../../shared/contract/account';
import { type TokenResponse } from '../../shared/contract/oauth';
import { ApiPaths } from '../../shared/contract/paths';
import { type PortalFlow, type PortalSession } from '../../shared/contract/portal';
import { defaultConfig, type SandboxConfig } from '../../sandbox/config';
import { startSandboxServer, type RunningSandbox } from '../../sandbox/server';
import type { ServiceMode } from '../../sandbox/cli';
import { createHash, randomBytes } from 'node:crypto';
import { OAuthClientId } from '../../shared/contract/oauth';
import { signInViaAuthorizePage } from '../support/portalDriver';
import { accountByEmail, createSession } from '../support/sandboxAdmin';

const tempDirs = new Set<string>();

/** A database path in a new temp folder; removeTempData() deletes the folders made so far. */
export function tempDataFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pb-sandbox-test-'));
  tempDirs.add(dir);
  return join(dir, 'sandbox.db');
}

/** Call once the sandboxes using them are stopped. */
export function removeTempData(): void {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** A sandbox in this process on a free loopback port; its temp folder (when it made one) goes away on close. */
export async function startInProcess(overrides: Partial<SandboxConfig> = {}, options: { mode?: ServiceMode; dataFile?: string; reset?: boolean } = {}): Promise<RunningSandbox> {
  const dataFile = options.dataFile ?? tempDataFile();
  const sandbox = await startSandboxServer({
    dataFile,
    reset: options.reset ?? options.dataFile === undefined,
    mode: options.mode ?? 'sandbox',
    config: { ...defaultConfig, ...overrides },
  });
  if (options.dataFile !== undefined) return sandbox;
  return {
    ...sandbox,
    async close() {
      await sandbox.close();
      rmSync(dirname(dataFile), { recursive: true, force: true });
      tempDirs.delete(dirname(dataFile));
    },
  };
}

/** Builds dist/sandbox/main.js (for the child-process tests). */
export function buildSandboxBundle(): void {
  execFileSync(process.execPath, ['esbuild.config.mjs', '--only=sandbox'], { cwd: resolve(__dirname, '..', '..'), stdio: 'pipe' });
}

export interface Session {
  readonly token: string;
  readonly refreshToken: string;
  readonly userId: string;
  readonly email: string;
}

let counter = 0;
/** A new Free account of its own, so tests do not disturb each other. */
export function uniqueEmail(label: string): string {
  counter += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${counter}@test.sandbox.test`;
}

export async function signIn(url: string, email: string): Promise<Session> {
  const tokens: TokenResponse = await createSession(url, email);
  const account = await accountByEmail(url, email);
  return { token: tokens.access_token, refreshToken: tokens.refresh_token, userId: account.id, email };
}

export function api(url: string, token: string | undefined, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  return fetch(`${url}${path}`, { ...init, headers, body });
}

export async function getJson<T>(url: string, token: string, path: string): Promise<T> {
  const res = await api(url, token, path);
  const text = await res.text();
  assert.equal(res.status, 200, `GET ${path}: ${text}`);
  return JSON.parse(text) as T;
}

export async function account(url: string, token: string): Promise<AccountSummary> {
  return getJson<AccountSummary>(url, token, ApiPaths.account);
}

/** The extension's portal return URL on desktop VS Code (registered for the client). */
export const PORTAL_RETURN_URL = 'vscode://planbilling.plan-billing/portal-return';

/** A portal session URL; `paymentMethodId` names the card a payment_method_update session edits. */
export async function portalSession(url: string, token: string, flow: PortalFlow, returnUrl = PORTAL_RETURN_URL, paymentMethodId?: string): Promise<string> {
  const res = await api(url, token, ApiPaths.portalSessions, { method: 'POST', json: { flow, returnUrl, ...(paymentMethodId === undefined ? {} : { paymentMethodId }) } });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return (JSON.parse(text) as PortalSession).url;
}

/** Asserts that a value has a contract shape, with the extension's own response validator. */
export function assertShape(schema: TSchema, value: unknown, what: string): void {
  assert.ok(matches(schema, value), `${what} does not match ${String(schema.$id ?? 'the schema')}: ${describeMismatch(schema, value, 20)}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export const REDIRECT_URI = 'vscode://planbilling.plan-billing/auth-callback';

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

export function newPkce(): Pkce {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(url: string, pkce: Pkce, overrides: Record<string, string> = {}): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: OAuthClientId,
    redirect_uri: REDIRECT_URI,
    state: 'state-123',
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...overrides,
  });
  return `${url}${ApiPaths.authorize}?${params.toString()}`;
}

export function tokenRequest(url: string, params: Record<string, string>): Promise<Response> {
  return fetch(`${url}${ApiPaths.token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
}

/** The editor's sign-in: PKCE, the sign-in page, the code exchange. */
export async function signInWithBrowserFlow(url: string, email: string): Promise<TokenResponse> {
  const pkce = newPkce();
  const { code } = await signInViaAuthorizePage(authorizeUrl(url, pkce), email);
  assert.ok(code, 'the sign-in page returned a code');
  const res = await tokenRequest(url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: OAuthClientId, code_verifier: pkce.verifier });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return JSON.parse(text) as TokenResponse;
}
