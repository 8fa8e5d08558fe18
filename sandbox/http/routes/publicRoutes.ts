import { Jwks } from '../../../shared/contract/entitlements';
import { ApiPaths } from '../../../shared/contract/paths';
import { PAGE_CSS } from '../../pages/styles';
import { homePage, HomePaths } from '../../portal/homePage';
import { PortalPaths } from '../../portal/portalPaths';
import { sendPage } from '../pages';
import type { SandboxApp } from '../sandboxApp';
import { ref } from '../schemas';
import type { SandboxServices } from '../services';

/** Routes without authentication: JWKS, the OpenAPI document, the stylesheet, and the sandbox home page. */
export function registerPublicRoutes(app: SandboxApp, services: SandboxServices): void {
  app.get(
    ApiPaths.jwks,
    { schema: { tags: ['entitlements'], summary: 'Public keys that verify entitlement tokens', response: { 200: ref(Jwks) } } },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(services.signingKey.jwks),
  );

  app.get(ApiPaths.openapi, { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'no-cache').send(app.swagger()));

  app.get(PortalPaths.stylesheet, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').header('x-content-type-options', 'nosniff').send(PAGE_CSS),
  );

  if (services.mode === 'sandbox') {
    app.get(HomePaths.home, { schema: { hide: true } }, async (_request, reply) => {
      const users = services.billing.repo.listUsers();
      return sendPage(reply, 200, homePage(services, users));
    });
  }
}
