/** The way into the portal: the single-use session link, exchanged for the session cookie and a redirect to the flow's first page. */
import { Type } from '@sinclair/typebox';
import { pathTo } from '../../../../shared/contract/paths';
import type { PortalFlow } from '../../../../shared/contract/portal';
import type { PortalSessionRow } from '../../../db/portalSessionRecords';
import { messagePage } from '../../../portal/portalPages';
import { PortalPaths } from '../../../portal/portalPaths';
import { PORTAL_COOKIE } from '../../../portal/portalSessions';
import { cookiesAreSecure, setCookieValue } from '../../cookies';
import { sendPage } from '../../pages';
import { routePattern } from '../../routePattern';
import type { SandboxApp } from '../../sandboxApp';
import type { SandboxServices } from '../../services';

/** The flow's first page; a payment_method_update session naming a card edits that card. */
function landingOf(session: PortalSessionRow): string {
  const pages: Record<PortalFlow, string> = {
    payment_method_add: PortalPaths.cardAdd,
    payment_method_update: session.payment_method_id ? pathTo(PortalPaths.cardEdit, { id: session.payment_method_id }) : PortalPaths.card,
    pay_outstanding_balance: PortalPaths.pay,
    plan_change_payment: PortalPaths.planChange,
    manage: PortalPaths.manage,
  };
  return pages[session.flow];
}

export function registerSessionEntryRoute(app: SandboxApp, services: SandboxServices): void {
  app.get(routePattern(PortalPaths.session), { schema: { hide: true, params: Type.Object({ secret: Type.String() }) }, exposeHeadRoute: false }, async (request, reply) => {
    const consumed = services.portal.consume(request.params.secret);
    if ('error' in consumed) {
      const messages = {
        unknown: 'This portal link is not valid.',
        used: 'This portal link was already used. Portal links work only once.',
        expired: 'This portal link has expired. Portal links work for a few minutes only.',
      };
      return sendPage(reply, consumed.error === 'unknown' ? 404 : 410, messagePage('This link no longer works', [messages[consumed.error], 'Go back to your editor and open the portal again.'], `link_${consumed.error}`));
    }
    // Lax, not Strict: the browser arrives from the editor (another site) and must keep the cookie on the redirect to the flow's page.
    reply.header(
      'set-cookie',
      setCookieValue(PORTAL_COOKIE, consumed.cookie, { path: PortalPaths.root, maxAgeSeconds: services.portal.flowTtlSeconds, sameSite: 'Lax', secure: cookiesAreSecure(services.config, request) }),
    );
    return reply.code(303).header('location', landingOf(consumed.session)).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send();
  });
}
