/**
 * `npm run keys:generate -- --out <file outside the repository> [--kid <id>]`:
 * a new Ed25519 key pair for signing entitlement tokens (docs/shipping.md).
 * The private key is written as PKCS#8 PEM, mode 0600, for the vendor's
 * billing service only; the public JWK (with its kid) is printed, ready for
 * PLAN_BILLING_PUBLIC_KEYS. It refuses to write inside this repository (a key
 * there is one `git add` away from being published) and never overwrites.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { repoRoot } from '../tools/host/paths';

export interface PublicSigningJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: 'EdDSA';
  readonly use: 'sig';
}

interface Options {
  readonly out: string;
  readonly kid: string | undefined;
}

const USAGE = 'usage: npm run keys:generate -- --out <private key file outside the repository> [--kid <key id>]';

function parseArgs(argv: readonly string[]): Options {
  let out: string | undefined;
  let kid: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if ((arg === '--out' || arg === '--kid') && (value === undefined || value.startsWith('--'))) throw new Error(`${arg} needs a value\n${USAGE}`);
    if (arg === '--out') out = argv[++i];
    else if (arg === '--kid') kid = argv[++i];
    else throw new Error(`unknown argument ${arg ?? ''}\n${USAGE}`);
  }
  if (!out) throw new Error(`--out is required\n${USAGE}`);
  if (kid !== undefined && !/^[\x21-\x7e]{1,100}$/.test(kid)) throw new Error('--kid: 1 to 100 printable characters, no spaces');
  return { out, kid };
}

/** True when `path` is `root` or inside it (both resolved through symbolic links as far as they exist). */
function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function realDirectory(dir: string): string {
  if (!existsSync(dir)) throw new Error(`the folder ${dir} does not exist`);
  return realpathSync(dir);
}

/** Generates the pair, writes the private key to `out` (0600, never overwriting) and returns the public JWK. */
export async function generateSigningKey(options: Options): Promise<PublicSigningJwk> {
  const target = resolve(options.out);
  const folder = realDirectory(dirname(target));
  if (isInside(folder, realpathSync(repoRoot))) {
    throw new Error(`refusing to write a private key inside the repository (${folder}); choose a folder outside it`);
  }
  if (existsSync(target)) throw new Error(`${target} already exists; not overwriting it`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('node:crypto exported no public key');
  // The kid defaults to the RFC 7638 thumbprint, as the sandbox's does: unique without bookkeeping.
  const kid = options.kid ?? (await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }));
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
  // 'wx': fails if the file exists; the mode applies as it is created.
  writeFileSync(join(folder, basename(target)), pem, { mode: 0o600, flag: 'wx' });
  return { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const jwk = await generateSigningKey(options);
  const out = resolve(options.out);
  console.error(`Private key (PKCS#8 PEM, mode 0600): ${out}`);
  console.error('Give it to your billing service only. Build the extension with the public key below:');
  console.error(`  PLAN_BILLING_PUBLIC_KEYS='${JSON.stringify({ keys: [jwk] })}'`);
  console.error('  PLAN_BILLING_ISSUER=<the iss your service signs its tokens with>');
  console.error('During a rotation, list the old and the new key together (docs/shipping.md#rotating-keys).');
  // stdout carries just the public JWK, for scripts.
  console.log(JSON.stringify(jwk));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`keys:generate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
