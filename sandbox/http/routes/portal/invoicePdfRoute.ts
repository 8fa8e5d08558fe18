/** An invoice of the visiting account as a PDF (the manage page's download links). */
import { Type } from '@sinclair/typebox';
import { invoiceDetails, sellerOfInvoice } from '../../../billing/invoices';
import { renderInvoicePdf } from '../../../pdf/invoicePdf';
import { messagePage } from '../../../portal/portalPages';
import { PortalPaths } from '../../../portal/portalPaths';
import { sendPage } from '../../pages';
import { routePattern } from '../../routePattern';
import type { SandboxApp } from '../../sandboxApp';
import type { SandboxServices } from '../../services';
import { visitOf } from './portalVisit';

export function registerInvoicePdfRoute(app: SandboxApp, services: SandboxServices): void {
  const ctx = services.billing;
  const { repo } = ctx;
  // Any id gets the not-found page, so the params schema sets no length limit.
  app.get(routePattern(PortalPaths.invoicePdf), { schema: { hide: true, params: Type.Object({ id: Type.String() }) } }, async (request, reply) => {
    const { user } = visitOf(services, request);
    const invoice = repo.invoiceById(request.params.id);
    if (!invoice || invoice.user_id !== user.id) {
      return sendPage(reply, 404, messagePage('Invoice not found', ['There is no such invoice on this account.'], 'not_found'));
    }
    const pdf = await renderInvoicePdf(invoiceDetails(ctx, invoice), sellerOfInvoice(ctx, invoice));
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${invoice.number}.pdf"`).header('cache-control', 'private, no-store').send(pdf);
  });
}
