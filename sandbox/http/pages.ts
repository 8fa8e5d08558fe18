import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, PAGE_CSP, pageDocument, type PageContent } from '../pages/html';

/** Sends a server-rendered page with the security headers every page carries. */
export function sendPage(reply: FastifyReply, status: number, content: PageContent, head?: ReturnType<typeof html>): FastifyReply {
  return reply
    .code(status)
    .header('content-security-policy', PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(pageDocument({ title: content.title, body: content.body, head }));
}

export function errorPageContent(title: string, message: string, outcome = 'error'): PageContent {
  return {
    title,
    body: html`<main data-outcome="${outcome}"><div class="panel"><h1>${title}</h1><p>${message}</p></div></main>`,
  };
}

/** Browsers get pages; API clients get problem+json. */
export function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

/** Reads a single string field of a form or JSON body ("" when absent or not a string). */
export function formField(body: unknown, name: string): string {
  if (body === null || typeof body !== 'object') return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}
