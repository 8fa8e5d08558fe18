import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Strong ETag of a representation. */
export function etagOf(representation: string): string {
  return `"${createHash('sha256').update(representation).digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 section 13.1.2): W/ prefixes are ignored; "*" matches anything. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  // What a client that kept the last answer sends; no list to split.
  if (header === etag) return true;
  return header.split(',').some((part) => {
    const tag = part.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

function withEtag(reply: FastifyReply, etag: string): FastifyReply {
  return reply.header('etag', etag).header('cache-control', 'private, no-cache');
}

/** Sends a representation with its ETag, or 304 when the client already has it. */
export function sendWithEtag(request: FastifyRequest, reply: FastifyReply, etag: string, body: () => string): FastifyReply {
  if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return sendNotModified(reply, etag);
  return withEtag(reply, etag).type('application/json').send(body());
}

/** 304 with the ETag: the full path's and the fast path's (freshEtags.ts) are the same answer. */
export function sendNotModified(reply: FastifyReply, etag: string): FastifyReply {
  return withEtag(reply, etag).code(304).send();
}
