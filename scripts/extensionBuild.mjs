// The extension target of esbuild.config.mjs: a development or a release
// build (docs/shipping.md). Kept apart so the unit tests build the release
// bundle exactly as `npm run package` does and look into it.
//
// A release build gets the vendor's build configuration (service URL, issuer,
// public keys) baked in, and the development-only modules (test seams, sandbox
// key trust) replaced by stubs, so the bundle holds no test command, no test
// accessor and no trust in the sandbox's key, whatever mode it runs in.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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

/** The two halves of the extension (docs/architecture.md "Activation"). */
export const CORE_ENTRY = 'src/extension.ts';
export const SERVICES_ENTRY = 'src/services.ts';
const CORE_NAMESPACE = 'core-module';

/**
 * esbuild options shared by both halves. `release`: the build configuration
 * (from `env`) and the stubs; otherwise a development build (sandbox default
 * URL, test seams, sandbox key trust on loopback). `minify` drops source maps too.
 */
export function extensionBuildOptions({ root, outdir, release, minify, env = process.env, logLevel = 'info' }) {
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
    logLevel,
    legalComments: 'none',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir,
    external: ['vscode'],
    define,
    mainFields: ['module', 'main'],
    metafile: true,
    // Both flavours carry the frozen schemas, so the tests run the validation that ships.
    plugins: release ? [frozenSchemas(root), releaseStubs(root)] : [frozenSchemas(root)],
  };
}

/** The core keeps `require('./services')` as a call into dist/services.js, made on first use. */
function servicesStaysOutside(root) {
  const entry = join(root, CORE_ENTRY);
  return {
    name: 'services-outside',
    setup(build) {
      build.onResolve({ filter: /^\.\/services$/ }, (args) => (args.importer === entry ? { path: './services.js', external: true } : undefined));
    },
  };
}

/**
 * The core entry also exports what the services bundle uses of the modules
 * both hold (`names[i]` of `modules[i]`), as getters, so the binding stays live.
 */
function coreRegistry(root, modules, names) {
  const entry = join(root, CORE_ENTRY);
  return {
    name: 'core-registry',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path !== entry) return undefined;
        const local = (index, name) => `__core${index}_${name}`;
        const imports = modules.map((path, index) => `import { ${names[index].map((name) => `${name} as ${local(index, name)}`).join(', ')} } from ${JSON.stringify(join(root, path))};`);
        // By index (the services bundle is built from the same list): shorter than paths in every lookup.
        const table = `export const __coreModules = [${modules.map((_, index) => `{ ${names[index].map((name) => `get ${name}() { return ${local(index, name)}; }`).join(', ')} }`).join(', ')}];`;
        return { contents: [readFileSync(entry, 'utf8'), ...imports, table].join('\n'), loader: 'ts', resolveDir: dirname(entry) };
      });
    },
  };
}

/**
 * In the services bundle, a module the core already holds is the core's
 * instance (one ApiError class, one translator, one event emitter type), read
 * from the core's `__coreModules` rather than bundled twice.
 */
function sharedWithCore(root, modules, { probe = false } = {}) {
  const inCore = new Set(modules);
  return {
    name: 'shared-with-core',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (args.namespace === CORE_NAMESPACE || args.pluginData?.sharedWithCore) return undefined;
        const resolved = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { sharedWithCore: true } });
        if (resolved.errors.length > 0 || resolved.external) return undefined;
        const path = relative(root, resolved.path).split('\\').join('/');
        if (!inCore.has(path)) return undefined;
        // Probing which names are used: the import stays in the output, naming them.
        return probe ? { path: `core:${modules.indexOf(path)}`, external: true } : { path, namespace: CORE_NAMESPACE };
      });
      build.onResolve({ filter: /^\.\/extension\.js$/, namespace: CORE_NAMESPACE }, () => ({ path: './extension.js', external: true }));
      build.onLoad({ filter: /.*/, namespace: CORE_NAMESPACE }, (args) => ({
        contents: `module.exports = require('./extension.js').__coreModules[${modules.indexOf(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/** The repository files (src/, shared/) a metafile's bundle holds, but the entries. */
function bundledModules(root, metafile) {
  return Object.keys(metafile.inputs)
    .filter((input) => /^(src|shared)\//.test(input) && input !== CORE_ENTRY && input !== SERVICES_ENTRY && existsSync(join(root, input)))
    .sort();
}

/**
 * The esbuild options of both bundles: dist/extension.js (the core:
 * everything activation needs) and dist/services.js (the rest, sharing the
 * core's modules). Which modules both use is read from first, unwritten
 * builds of each.
 */
export async function extensionBuilds(options) {
  const base = extensionBuildOptions(options);
  const coreEntry = { extension: join(options.root, CORE_ENTRY) };
  const servicesEntry = { services: join(options.root, SERVICES_ENTRY) };
  const probe = (entryPoints, plugins) => esbuild.build({ ...base, entryPoints, write: false, minify: false, sourcemap: false, logLevel: 'silent', plugins: [...plugins, ...base.plugins] });
  const [coreProbe, servicesProbe] = await Promise.all([probe(coreEntry, [servicesStaysOutside(options.root)]), probe(servicesEntry, [])]);
  // Only what both halves use is shared; the rest stays tree-shaken.
  const inServices = new Set(bundledModules(options.root, servicesProbe.metafile));
  const modules = bundledModules(options.root, coreProbe.metafile).filter((path) => inServices.has(path));
  const names = usedNames(await esbuild.build({ ...base, entryPoints: servicesEntry, format: 'esm', write: false, minify: false, sourcemap: false, logLevel: 'silent', plugins: [sharedWithCore(options.root, modules, { probe: true }), ...base.plugins] }), modules.length);
  return {
    core: { ...base, entryPoints: coreEntry, plugins: [servicesStaysOutside(options.root), coreRegistry(options.root, modules, names), ...base.plugins] },
    services: { ...base, entryPoints: servicesEntry, plugins: [sharedWithCore(options.root, modules), ...base.plugins] },
  };
}

/** From a probe build of the services (shared modules left as `core:i` imports): the names it imports of each. */
function usedNames(result, count) {
  const names = Array.from({ length: count }, () => new Set());
  for (const match of result.outputFiles[0].text.matchAll(/^import\s*(?:\*\s*as\s*\w+|\{([^}]*)\})\s*from\s*"core:(\d+)"/gm)) {
    if (match[1] === undefined) throw new Error(`the services bundle imports all of shared module ${match[2]}: import the names it needs`);
    for (const part of match[1].split(',')) if (part.trim() !== '') names[Number(match[2])].add(part.trim().split(/\s+as\s+/)[0]);
  }
  return names.map((set) => [...set].sort());
}

/** Builds both bundles; resolves with their metafiles. */
export async function buildExtension(options) {
  const { core, services } = await extensionBuilds(options);
  const [coreResult, servicesResult] = await Promise.all([esbuild.build(core), esbuild.build(services)]);
  return { core: coreResult.metafile, services: servicesResult.metafile };
}
