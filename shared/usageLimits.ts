/** Limits of the usage settings, shared by the contract, the sandbox, the host and the webview (no schema library: the webview bundles this). */

/** The most a spend cap may be, in cents ($1,000.00 a period). */
export const MAX_SPEND_CAP_CENTS = 100_000;
