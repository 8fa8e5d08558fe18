/**
 * The release build, looked into: the extension bundle is built exactly as
 * `npm run package` builds it (scripts/extensionBuild.mjs, minified) into a
 * temp folder, then searched for what a release must not hold — the test-only
 * command, the test accessor, trust in the sandbox's key, the sandbox's
 * default URL. A development build of the same sources is the control: it
 * does hold them, so the markers searched for are the right ones.
 */
import { strict as assert } from 'node:assert';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExtension, readBuildConfiguration } from '../../../scripts/extensionBuild.mjs';
import { SANDBOX_ISSUER } from '../../../shared/contract/entitlements';
import { repoRoot } from '../../../tools/host/paths';

/** Strings only the development-only modules (test seams, sandbox keys) and the development defaults hold. */
const DEVELOPMENT_MARKERS = [
  'planBilling.test.',
  'signInWithTokens',
  'storedKeys',
  'openAndWaitForRender',
  'postFromWebview',
  SANDBOX_ISSUER,
  'Pinned the sandbox signing key',
  'http://127.0.0.1:4242',
];

function publicJwk(kid: string): { kty: string; crv: string; x: string; kid: string; alg: string; use: string } {
  const { publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { kty: 'OKP', crv: 'Ed25519', x: String(jwk.x), kid, alg: 'EdDSA', use: 'sig' };
}

describe('release build (npm run package)', function () {
  this.timeout(60_000);
  const dirs: string[] = [];

  /** Both bundles (core and services), minified, as one text. */
  async function bundle(release: boolean, env: NodeJS.ProcessEnv = {}): Promise<string> {
    const { core, services } = await bundles(release, env);
    return `${core}\n${services}`;
  }

  async function bundles(release: boolean, env: NodeJS.ProcessEnv = {}): Promise<{ core: string; services: string }> {
    const outdir = mkdtempSync(join(tmpdir(), 'pb-bundle-'));
    dirs.push(outdir);
    await buildExtension({ root: repoRoot, outdir, release, minify: true, env, logLevel: 'silent' });
    return { core: readFileSync(join(outdir, 'extension.js'), 'utf8'), services: readFileSync(join(outdir, 'services.js'), 'utf8') };
  }

  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('contains no test-only command, no test accessor, no sandbox issuer trust and no sandbox default URL', async () => {
    const [release, development] = await Promise.all([bundle(true), bundle(false)]);
    const found = (text: string) => DEVELOPMENT_MARKERS.filter((marker) => text.includes(marker));
    assert.deepEqual(found(development), DEVELOPMENT_MARKERS, 'the development build holds every marker (control)');
    assert.deepEqual(found(release), [], 'the release build holds none');
    assert.ok(release.includes('"https://billing.example"'), 'the release default service URL');
    assert.ok(release.includes('prod-2026-01'), 'the built-in production key');
  });

  it('splits the extension: the core activation loads holds no HTTP, validation, token verification, panel or notifications; the services share its modules', async () => {
    const { core, services } = await bundles(true);
    // Strings that only those parts hold.
    const servicesOnly = ['response larger than', 'validate: unsupported schema', 'signature does not verify', 'The Manage Plan webview ', 'Notification: '];
    for (const marker of servicesOnly) {
      assert.ok(!core.includes(marker), `the core holds "${marker}"`);
      assert.ok(services.includes(marker), `the services bundle holds "${marker}" (control)`);
    }
    assert.ok(!core.includes('@sinclair/typebox') && !services.includes('TypeCompiler'), 'no schema library in either');
    assert.match(core, /require\("\.\/services\.js"\)/, 'the core requires the services bundle by its file name');
    assert.match(services, /require\("\.\/extension\.js"\)\.__coreModules\[\d+\]/, "the services read the core's modules");
    // One ApiError class (instanceof holds across the halves): it is not bundled twice.
    const countName = (text: string) => text.split('"ApiError"').length - 1;
    assert.equal(countName(core), 1, 'the core defines ApiError');
    assert.equal(countName(services), 0, 'the services bundle has no copy of it');
  });

  it("bakes in a vendor's service URL, issuer and keys, and nothing of the placeholder", async () => {
    const keys = { keys: [publicJwk('vendor-2026-05'), publicJwk('vendor-2026-11')] };
    const release = await bundle(true, {
      PLAN_BILLING_SERVICE_URL: 'https://billing.vendor.test/api/',
      PLAN_BILLING_ISSUER: 'https://billing.vendor.test',
      PLAN_BILLING_PUBLIC_KEYS: JSON.stringify(keys),
    });
    assert.ok(release.includes('"https://billing.vendor.test/api"'));
    for (const key of keys.keys) assert.ok(release.includes(key.kid) && release.includes(key.x), key.kid);
    assert.ok(!release.includes('prod-2026-01'), 'the placeholder key is not in a vendor build');
    assert.ok(!release.includes('https://billing.example'), 'nor its issuer or URL');
  });

  it('refuses a build configuration that would ship something unsafe', () => {
    const x = publicJwk('k').x;
    const keySet = (...keys: object[]) => JSON.stringify({ keys });
    const table: Array<[string, NodeJS.ProcessEnv, RegExp]> = [
      ['an http service URL', { PLAN_BILLING_SERVICE_URL: 'http://billing.vendor.test' }, /PLAN_BILLING_SERVICE_URL: a release build talks https only/],
      ['credentials in the URL', { PLAN_BILLING_SERVICE_URL: 'https://u:p@billing.vendor.test' }, /user name or password/],
      ['a query in the URL', { PLAN_BILLING_SERVICE_URL: 'https://billing.vendor.test/?k=1' }, /query or fragment/],
      ['an issuer without keys', { PLAN_BILLING_ISSUER: 'https://billing.vendor.test' }, /set PLAN_BILLING_ISSUER and PLAN_BILLING_PUBLIC_KEYS together/],
      ['keys without an issuer', { PLAN_BILLING_PUBLIC_KEYS: keySet({ kty: 'OKP', crv: 'Ed25519', x, kid: 'k' }) }, /together/],
      ['a private key', { PLAN_BILLING_ISSUER: 'i', PLAN_BILLING_PUBLIC_KEYS: keySet({ kty: 'OKP', crv: 'Ed25519', x, d: x, kid: 'k' }) }, /private key/],
      ['an RSA key', { PLAN_BILLING_ISSUER: 'i', PLAN_BILLING_PUBLIC_KEYS: keySet({ kty: 'RSA', n: 'x', e: 'AQAB', kid: 'k' }) }, /not an Ed25519 key/],
      ['a short x', { PLAN_BILLING_ISSUER: 'i', PLAN_BILLING_PUBLIC_KEYS: keySet({ kty: 'OKP', crv: 'Ed25519', x: 'abc', kid: 'k' }) }, /32-byte base64url/],
      ['no kid', { PLAN_BILLING_ISSUER: 'i', PLAN_BILLING_PUBLIC_KEYS: keySet({ kty: 'OKP', crv: 'Ed25519', x }) }, /kid/],
      ['a duplicate kid', { PLAN_BILLING_ISSUER: 'i', PLAN_BILLING_PUBLIC_KEYS: keySet({ kty: 'OKP', crv: 'Ed25519', x, kid: 'k' }, { kty: 'OKP', crv: 'Ed25519', x, kid: 'k' }) }, /appears twice/],
      ['an encryption key', { PLAN_BILLING_ISSUER: 'i', PLAN_BILLING_PUBLIC_KEYS: keySet({ kty: 'OKP', crv: 'Ed25519', x, kid: 'k', use: 'enc' }) }, /use must be sig/],
      ['no keys', { PLAN_BILLING_ISSUER: 'i', PLAN_BILLING_PUBLIC_KEYS: keySet() }, /1 to 8 keys/],
      ['not JSON', { PLAN_BILLING_ISSUER: 'i', PLAN_BILLING_PUBLIC_KEYS: '{keys' }, /not JSON/],
    ];
    for (const [what, env, message] of table) assert.throws(() => readBuildConfiguration(env), message, what);
    assert.deepEqual(readBuildConfiguration({}), { serviceUrl: 'https://billing.example', issuer: undefined, publicKeys: undefined });
    assert.deepEqual(readBuildConfiguration({ PLAN_BILLING_ISSUER: 'i', PLAN_BILLING_PUBLIC_KEYS: JSON.stringify([{ kty: 'OKP', crv: 'Ed25519', x, kid: 'k' }]) }).publicKeys, [
      { kid: 'k', issuer: 'i', jwk: { kty: 'OKP', crv: 'Ed25519', x } },
    ]);
  });

  it('leaves planBilling.serviceUrl empty in the manifest (the build decides), not the sandbox', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default?: unknown; scope?: string }> } };
    };
    const setting = manifest.contributes.configuration.properties['planBilling.serviceUrl'];
    assert.equal(setting?.default, '');
    assert.equal(setting?.scope, 'application');
  });
});
