/**
 * What every portal route shares: the visit a request belongs to (the portal
 * session of its cookie, and that session's account), the CSRF check of form
 * posts, and the page a request without a live session gets.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { UserRow } from '../../../billing/repository';
import type { PortalSessionRow } from '../../../db/portalSessionRecords';
import { messagePage, resultPage, type ResultModel } from '../../../portal/portalPages';
import { secretsEqual } from '../../../auth/secrets';
import { PORTAL_COOKIE } from '../../../portal/portalSessions';
import { readCookie } from '../../cookies';
import { formField, sendPage } from '../../pages';
import type { SandboxApp } from '../../sandboxApp';
import type { SandboxServices } from '../../services';

/** Portal pages are not part of the API: they stay out of the OpenAPI document. */
export const hidden = { schema: { hide: true } } as const;

export interface PortalVisit {
  readonly session: PortalSessionRow;
  readonly user: UserRow;
}

class SessionEnded extends Error {}

/** The visit of this request; without a live session cookie the request gets the "session has ended" page. */
export function visitOf(services: SandboxServices, request: FastifyRequest): PortalVisit {
  const session = services.portal.fromCookie(readCookie(request.headers.cookie, PORTAL_COOKIE));
  const user = session && services.billing.repo.userById(session.user_id);
  if (!session || !user) throw new SessionEnded();
  return { session, user };
}

/** Form posts must carry the session's CSRF token (the cookie is SameSite=Lax too), compared in constant time. */
export function postedVisitOf(services: SandboxServices, request: FastifyRequest): PortalVisit {
  const visit = visitOf(services, request);
  if (!secretsEqual(formField(request.body, 'csrf'), visit.session.csrf)) throw new SessionEnded();
  return visit;
}

/** Answers a SessionEnded thrown by any route of `app` with its page. */
export function registerSessionEndedPage(app: SandboxApp): void {
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof SessionEnded) {
      return sendPage(
        reply,
        401,
        messagePage('This portal session has ended', ['For your security, portal links work once and for a limited time.', 'Go back to your editor and open the portal again.'], 'session_ended'),
      );
    }
    throw error;
  });
}

export function sendResult(reply: FastifyReply, status: number, model: ResultModel): FastifyReply {
  return sendPage(reply, status, resultPage(model));
}
