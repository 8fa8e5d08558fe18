// The extension target of esbuild.config.mjs: a development or a release
// build (docs/shipping.md). Kept apart so the unit tests build the release
// bundle exactly as `npm run package` does and look into it.
//
// A release build gets the vendor's build configuration (service URL, issuer,
// public keys) baked in, and the development-only modules (test seams, sandbox
// key trust) replaced by stubs, so the bundle holds no test command, no test
// accessor and no trust in the sandbox's key, whatever mode it runs in.
import { join, resolve } from 'node:path';
import { frozenSchemas } from './frozenSchemas.mjs';

/** Development builds talk to the sandbox by default. */
export const DEVELOPMENT_SERVICE_URL = 'http://127.0.0.1:4242';
/** This repository's release default (a vendor sets PLAN_BILLING_SERVICE_URL). */
export const RELEASE_SERVICE_URL = 'https://billing.example';

/** Development-only module → the stub a release build gets instead (paths from the repository root). */
export const DEVELOPMENT_ONLY_MODULES = {
  'src/testing/testSeams.ts': 'src/testing/noTestSeams.ts',
  'src/entitlements/sandboxKeys.ts': 'src/entitlements/noSandboxKeys.ts',
};

const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;
const MAX_KEYS = 8;

/** Throws a message naming the variable that is wrong. */
function refuse(variable, problem) {
  throw new Error(`${variable}: ${problem} (see docs/shipping.md)`);
}

function releaseServiceUrl(value) {
  const variable = 'PLAN_BILLING_SERVICE_URL';
  let url;
  try {
    url = new URL(value);
  } catch {
    refuse(variable, `not a URL: ${value}`);
  }
  if (url.protocol !== 'https:') refuse(variable, `a release build talks https only, not ${url.protocol}`);
  if (url.username !== '' || url.password !== '') refuse(variable, 'must not contain a user name or password');
  if (url.search !== '' || url.hash !== '') refuse(variable, 'must not contain a query or fragment');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** The public keys of a JWK set (`{ "keys": [...] }`) or a bare array, as trusted keys bound to `issuer`. */
function publicKeys(text, issuer) {
  const variable = 'PLAN_BILLING_PUBLIC_KEYS';
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    refuse(variable, 'not JSON (a JWK set: {"keys":[...]})');
  }
  const list = Array.isArray(parsed) ? parsed : parsed?.keys;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_KEYS) refuse(variable, `expected a JWK set with 1 to ${MAX_KEYS} keys`);
  const kids = new Set();
  return list.map((jwk, index) => {
    const where = `key ${index + 1}`;
    if (typeof jwk !== 'object' || jwk === null) refuse(variable, `${where} is not a JWK`);
    // The build must never carry a private key: it would ship in every VSIX.
    if ('d' in jwk) refuse(variable, `${where} holds a private key ("d"); pass the public JWK only`);
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') refuse(variable, `${where} is not an Ed25519 key (kty OKP, crv Ed25519)`);
    if (typeof jwk.x !== 'string' || !BASE64URL_32_BYTES.test(jwk.x)) refuse(variable, `${where} has no 32-byte base64url "x"`);
    if (typeof jwk.kid !== 'string' || !/^[\x21-\x7e]{1,100}$/.test(jwk.kid)) refuse(variable, `${where} has no usable "kid"`);
    if (jwk.alg !== undefined && jwk.alg !== 'EdDSA') refuse(variable, `${where}: alg must be EdDSA`);
    if (jwk.use !== undefined && jwk.use !== 'sig') refuse(variable, `${where}: use must be sig`);
    if (kids.has(jwk.kid)) refuse(variable, `kid ${jwk.kid} appears twice`);
    kids.add(jwk.kid);
    return { kid: jwk.kid, issuer, jwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x } };
  });
}

/**
 * The vendor's build configuration from the environment, checked:
 * PLAN_BILLING_SERVICE_URL (release default service URL, https), and
 * PLAN_BILLING_ISSUER with PLAN_BILLING_PUBLIC_KEYS (set both or neither;
 * neither = the built-in placeholder of src/entitlements/productionKeys.ts).
 */
export function readBuildConfiguration(env = process.env) {
  const serviceUrl = releaseServiceUrl(env.PLAN_BILLING_SERVICE_URL?.trim() || RELEASE_SERVICE_URL);
  const issuer = env.PLAN_BILLING_ISSUER?.trim() || undefined;
  const keys = env.PLAN_BILLING_PUBLIC_KEYS?.trim() || undefined;
  if ((issuer === undefined) !== (keys === undefined)) {
    refuse(issuer === undefined ? 'PLAN_BILLING_ISSUER' : 'PLAN_BILLING_PUBLIC_KEYS', 'set PLAN_BILLING_ISSUER and PLAN_BILLING_PUBLIC_KEYS together');
  }
  if (issuer !== undefined && issuer.length > 200) refuse('PLAN_BILLING_ISSUER', 'longer than 200 characters');
  return { serviceUrl, issuer, publicKeys: issuer !== undefined && keys !== undefined ? publicKeys(keys, issuer) : undefined };
}

/**
 * Replaces every import of a development-only module by its stub, and fails
 * the build if one of them still ended up in it.
 */
function releaseStubs(root) {
  const stubs = new Map(Object.entries(DEVELOPMENT_ONLY_MODULES).map(([real, stub]) => [join(root, real), join(root, stub)]));
  const withoutExtension = (path) => path.replace(/\.ts$/, '');
  const byImportPath = new Map([...stubs].map(([real, stub]) => [withoutExtension(real), stub]));
  return {
    name: 'release-stubs',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const stub = byImportPath.get(withoutExtension(resolve(args.resolveDir, args.path)));
        return stub ? { path: stub } : undefined;
      });
      build.onEnd((result) => {
        const inputs = Object.keys(result.metafile?.inputs ?? {}).map((input) => resolve(root, input));
        const leaked = inputs.filter((input) => stubs.has(input));
        if (leaked.length > 0) return { errors: [{ text: `development-only modules in a release build: ${leaked.join(', ')}` }] };
        return undefined;
      });
    },
  };
}

/**
 * esbuild options of the extension bundle. `release`: the build configuration
 * (from `env`) and the stubs; otherwise a development build (sandbox default
 * URL, test seams, sandbox key trust on loopback). `minify` drops source maps too.
 */
export function extensionBuildOptions({ root, outdir, release, minify, env = process.env }) {
  const config = readBuildConfiguration(env);
  const define = {
    __PLAN_BILLING_DEV_BUILD__: JSON.stringify(!release),
    __PLAN_BILLING_SERVICE_URL__: JSON.stringify(release ? config.serviceUrl : DEVELOPMENT_SERVICE_URL),
  };
  if (config.issuer !== undefined) {
    define.__PLAN_BILLING_ISSUER__ = JSON.stringify(config.issuer);
    // A string, so esbuild folds the build-time check (objects are not folded).
    define.__PLAN_BILLING_PUBLIC_KEYS__ = JSON.stringify(JSON.stringify(config.publicKeys));
  }
  return {
    absWorkingDir: root,
    bundle: true,
    minify,
    sourcemap: minify ? false : 'linked',
    logLevel: 'info',
    legalComments: 'none',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    entryPoints: { extension: join(root, 'src/extension.ts') },
    outdir,
    external: ['vscode'],
    define,
    mainFields: ['module', 'main'],
    metafile: release,
    // Both flavours carry the frozen schemas, so the tests run the validation that ships.
    plugins: release ? [frozenSchemas(root), releaseStubs(root)] : [frozenSchemas(root)],
  };
}
