/**
 * The vendor's key tool (scripts/generateSigningKey.ts), run as `npm run
 * keys:generate` runs it: the private key file it writes signs a token that
 * the extension's verifier accepts with the public JWK it printed, taken
 * through the release build's own configuration reader.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, importPKCS8 } from 'jose';
import { readBuildConfiguration } from '../../../scripts/extensionBuild.mjs';
import { verifyEntitlementToken } from '../../../src/entitlements/verifyEntitlement';
import { repoRoot } from '../../../tools/host/paths';
import { claims } from '../support/fixtures';

const script = join(repoRoot, 'scripts', 'generateSigningKey.ts');
const ISSUER = 'https://billing.vendor.test';

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('keys:generate (vendor signing keys)', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pb-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a 0600 PKCS#8 private key whose tokens verify with the printed public JWK', async () => {
    const out = join(dir, 'signing-key.pem');
    const result = run('--out', out, '--kid', 'vendor-2026-05');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const pem = readFileSync(out, 'utf8');
    assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n/);
    const jwk = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(jwk).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    assert.equal(jwk.kid, 'vendor-2026-05');
    const envLine = /PLAN_BILLING_PUBLIC_KEYS='(.+)'/.exec(result.stderr)?.[1];
    assert.ok(envLine, result.stderr);

    // What a release build would bake in from that line.
    const { publicKeys } = readBuildConfiguration({ PLAN_BILLING_ISSUER: ISSUER, PLAN_BILLING_PUBLIC_KEYS: envLine });
    assert.ok(publicKeys);
    const now = Date.now();
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims({ iss: ISSUER }, now))))
      .setProtectedHeader({ alg: 'EdDSA', kid: 'vendor-2026-05', typ: 'JWT' })
      .sign(await importPKCS8(pem, 'EdDSA'));
    const verified = await verifyEntitlementToken(token, { keys: publicKeys, audience: 'planbilling.plan-billing', now });
    assert.equal(verified.ok ? 'ok' : verified.reason, 'ok');
    // Another issuer with the same key is refused (keys are bound to their issuer).
    const foreign = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims({ iss: 'https://other.example' }, now))))
      .setProtectedHeader({ alg: 'EdDSA', kid: 'vendor-2026-05' })
      .sign(await importPKCS8(pem, 'EdDSA'));
    const refused = await verifyEntitlementToken(foreign, { keys: publicKeys, audience: 'planbilling.plan-billing', now });
    assert.equal(refused.ok ? 'ok' : refused.reason, 'issuer');
  });

  it('names the key by its RFC 7638 thumbprint when no kid is given', () => {
    const result = run('--out', join(dir, 'k.pem'));
    assert.equal(result.status, 0, result.stderr);
    assert.match(String((JSON.parse(result.stdout) as { kid: unknown }).kid), /^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses to write inside the repository, to overwrite, or to run without --out', () => {
    const inside = join(repoRoot, 'scripts', `never-${Date.now()}.pem`);
    const refused = run('--out', inside);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /refusing to write a private key inside the repository/);
    assert.equal(existsSync(inside), false);

    const out = join(dir, 'k.pem');
    assert.equal(run('--out', out).status, 0);
    const before = readFileSync(out, 'utf8');
    const again = run('--out', out);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /already exists; not overwriting it/);
    assert.equal(readFileSync(out, 'utf8'), before);

    const missing = run();
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /--out is required/);
  });
});
