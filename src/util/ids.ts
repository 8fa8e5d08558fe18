/** Names shared by the composition root and its parts. */
export const EXTENSION_ID = 'planbilling.plan-billing';
export const AUTH_PROVIDER_ID = 'planbilling';
export const AUTH_PROVIDER_LABEL = 'Plan & Billing';
export const STATUS_ITEM_ID = 'profile';
export const OUTPUT_CHANNEL_NAME = 'Plan & Billing';
/** Paths the URI handler answers: vscode://planbilling.plan-billing/<path>. */
export const UriPaths = { authCallback: '/auth-callback', portalReturn: '/portal-return' } as const;
