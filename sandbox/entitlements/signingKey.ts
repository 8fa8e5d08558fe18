/**
 * The sandbox's Ed25519 signing key pair, created on first start and kept
 * beside the database (signing-key.jwk.json, mode 0600) so tokens stay
 * verifiable across restarts and --reset.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Jwk, Jwks } from '../../shared/contract/entitlements';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly jwks: Jwks;
}

export function signingKeyFile(dataFile: string): string {
  return join(dirname(dataFile), 'signing-key.jwk.json');
}

export async function loadOrCreateSigningKey(file: string): Promise<SigningKey> {
  let privateJwk: JWK;
  if (existsSync(file)) {
    privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } else {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    privateJwk = await exportJWK(pair.privateKey);
    // wx: never overwrite a key another process created meanwhile.
    try {
      writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600, flag: 'wx' });
    } catch {
      privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    }
  }
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || !privateJwk.d || !privateJwk.x) {
    throw new Error(`${file} is not an Ed25519 private key; delete it to create a new one`);
  }
  const publicJwk = { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x };
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = (await importJWK({ ...privateJwk, alg: 'EdDSA' }, 'EdDSA')) as CryptoKey;
  const jwk: Jwk = { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x, kid, alg: 'EdDSA', use: 'sig' };
  return { kid, privateKey, jwks: { keys: [jwk] } };
}
