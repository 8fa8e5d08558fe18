/**
 * The service's cookies (the portal session, the sign-in page's CSRF cookie):
 * reading one from a Cookie header that may be malformed, and writing one with
 * the attributes every cookie here carries.
 */
import type { FastifyRequest } from 'fastify';
import type { SandboxConfig } from '../config';

/** Reads one cookie; a value that is not valid percent-encoding counts as absent (it cannot be one we set). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Secure when browsers reach the service over https: its public URL says so,
 * or (behind a trusted proxy) the request arrived as https.
 */
export function cookiesAreSecure(config: SandboxConfig, request: FastifyRequest): boolean {
  return config.publicUrl?.startsWith('https:') === true || (config.trustProxy && request.protocol === 'https');
}

export interface CookieOptions {
  readonly path: string;
  readonly maxAgeSeconds: number;
  readonly sameSite: 'Strict' | 'Lax';
  readonly secure: boolean;
}

/** A Set-Cookie value: always HttpOnly; the value is one of our base64url secrets, so it needs no encoding. */
export function setCookieValue(name: string, value: string, options: CookieOptions): string {
  return `${name}=${value}; Path=${options.path}; HttpOnly; SameSite=${options.sameSite}; Max-Age=${options.maxAgeSeconds}${options.secure ? '; Secure' : ''}`;
}
