/**
 * The service answers only to its own host names: the loopback names (any
 * port), the public URL's and the configured ones. A page on another site
 * that rebinds its DNS name to 127.0.0.1 (DNS rebinding) reaches the service
 * with its own name in Host and gets 421 Misdirected Request, so it cannot
 * read the API, the portal or the admin endpoints.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxConfig } from '../config';
import { LOOPBACK_HOSTS } from '../auth/callbackRegistry';
import { sendProblem } from './problems';

/** host[:port], the host a name, an IPv4 address or a bracketed IPv6 address. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/;

export function allowedHostNames(config: SandboxConfig): ReadonlySet<string> {
  const names = new Set([...LOOPBACK_HOSTS, ...config.allowedHosts]);
  if (config.publicUrl) names.add(new URL(config.publicUrl).hostname);
  return names;
}

/** The host name of a Host header, lower case; undefined when there is none or it is malformed. */
export function hostNameOf(header: string | undefined): string | undefined {
  return HOST_HEADER.exec((header ?? '').toLowerCase())?.[1];
}

/** An onRequest hook answering 421 to any other Host. */
export function hostCheck(config: SandboxConfig): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  const allowed = allowedHostNames(config);
  return async (request, reply) => {
    const name = hostNameOf(request.headers.host);
    if (name !== undefined && allowed.has(name)) return undefined;
    return sendProblem(
      reply,
      421,
      'This service does not answer to this host name. Use its own address (for example http://127.0.0.1:4242), or add the name to SANDBOX_ALLOWED_HOSTS.',
    );
  };
}
