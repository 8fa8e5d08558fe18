/**
 * Paths of Billing API v1 and OAuth, so no part spells them twice. Templates
 * use OpenAPI's `{name}` segments: the client fills them with `pathTo`, the
 * sandbox turns them into its router's patterns.
 */
export const ApiPaths = {
  account: '/v1/account',
  invoices: '/v1/invoices',
  invoice: '/v1/invoices/{id}',
  invoicePdf: '/v1/invoices/{id}/pdf',
  payments: '/v1/payments',
  paymentMethods: '/v1/payment-methods',
  paymentMethod: '/v1/payment-methods/{id}',
  paymentMethodDefault: '/v1/payment-methods/{id}/default',
  billingDetails: '/v1/billing-details',
  portalSessions: '/v1/portal-sessions',
  plans: '/v1/plans',
  subscriptionPreview: '/v1/subscription/preview',
  subscriptionChange: '/v1/subscription/change',
  subscriptionCancel: '/v1/subscription/cancel',
  subscriptionResume: '/v1/subscription/resume',
  subscriptionScheduledChange: '/v1/subscription/scheduled-change',
  usage: '/v1/usage',
  usageSettings: '/v1/usage/settings',
  usageEvents: '/v1/usage/events',
  entitlements: '/v1/entitlements',
  jwks: '/.well-known/jwks.json',
  openapi: '/openapi.json',
  authorize: '/oauth/authorize',
  token: '/oauth/token',
  revoke: '/oauth/revoke',
} as const;

/** A path template with its `{name}` segments filled in, each percent-encoded. */
export function pathTo(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`pathTo: no value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
}
