/**
 * Who the product is, in the names every part uses: the extension id (also the
 * entitlement token's audience and the host of its editor callback URIs), its
 * command ids, the panel's view type and the sign-in provider. package.json
 * repeats the ids it must (the manifest cannot import); a unit test keeps the
 * two in step.
 */
export const PUBLISHER = 'planbilling';
export const EXTENSION_NAME = 'plan-billing';
export const EXTENSION_ID = `${PUBLISHER}.${EXTENSION_NAME}`;

/** The entitlement token's `aud`: the extension that may use it. */
export const TOKEN_AUDIENCE = EXTENSION_ID;

/** Commands contributed in package.json. */
export const CommandIds = {
  managePlan: 'planBilling.managePlan',
  signIn: 'planBilling.signIn',
  signOut: 'planBilling.signOut',
  refresh: 'planBilling.refresh',
  updatePaymentMethod: 'planBilling.updatePaymentMethod',
  addPaymentMethod: 'planBilling.addPaymentMethod',
  payOutstandingBalance: 'planBilling.payOutstandingBalance',
  copySupportInfo: 'planBilling.copySupportInfo',
  showLogs: 'planBilling.showLogs',
  requireEntitlement: 'planBilling.requireEntitlement',
} as const;
export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

/** The Manage Plan webview's view type (its panel serializer is registered under it). */
export const PANEL_VIEW_TYPE = 'planBilling.managePlan';

/** The AuthenticationProvider behind the Accounts menu. */
export const AUTH_PROVIDER_ID = PUBLISHER;
export const AUTH_PROVIDER_LABEL = 'Plan & Billing';

/** Paths of the editor callback URIs the extension answers: vscode://planbilling.plan-billing/<path>. */
export const UriPaths = { authCallback: '/auth-callback', portalReturn: '/portal-return' } as const;


/** The status-bar item's id (its DOM id in a workbench is `<EXTENSION_ID>.<id>`). */
export const STATUS_ITEM_ID = 'profile';
/** The log output channel's name. */
export const OUTPUT_CHANNEL_NAME = 'Plan & Billing';
