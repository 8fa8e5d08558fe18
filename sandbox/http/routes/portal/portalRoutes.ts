/**
 * The hosted portal. Reached only through a portal session URL, which the
 * first GET consumes in exchange for an HttpOnly cookie scoped to the portal's
 * paths. Every form carries the session's CSRF token; cards are checked (Luhn,
 * expiry, CVC) and "processed" by the simulated card network. One module per
 * flow; portalVisit.ts holds what they share.
 */
import type { SandboxApp } from '../../sandboxApp';
import type { SandboxServices } from '../../services';
import { registerCardRoutes } from './cardRoutes';
import { registerInvoicePdfRoute } from './invoicePdfRoute';
import { registerManageRoutes } from './manageRoutes';
import { registerPayRoutes } from './payRoutes';
import { registerPlanChangeRoutes } from './planChangeRoutes';
import { registerSessionEndedPage } from './portalVisit';
import { registerSessionEntryRoute } from './sessionEntryRoute';

export function registerPortalRoutes(app: SandboxApp, services: SandboxServices): void {
  registerSessionEndedPage(app);
  registerSessionEntryRoute(app, services);
  registerCardRoutes(app, services);
  registerPayRoutes(app, services);
  registerPlanChangeRoutes(app, services);
  registerManageRoutes(app, services);
  registerInvoicePdfRoute(app, services);
}
