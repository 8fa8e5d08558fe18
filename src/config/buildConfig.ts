/**
 * What esbuild.config.mjs bakes into the bundle (scripts/extensionBuild.mjs,
 * docs/shipping.md): whether this is a development build and the service URL
 * used when planBilling.serviceUrl is empty. Under tsx (unit tests) nothing is
 * baked in, so these are a development build's values. The defines are
 * primitives, so esbuild folds the checks below and a release bundle holds
 * only its own values.
 */
declare const __PLAN_BILLING_DEV_BUILD__: boolean | undefined;
declare const __PLAN_BILLING_SERVICE_URL__: string | undefined;

/** The sandbox, where development builds point by default. */
const DEVELOPMENT_SERVICE_URL = 'http://127.0.0.1:4242';

/** False in release builds (`npm run package`): they trust no sandbox key and hold no test seams. */
export const isDevelopmentBuild: boolean = typeof __PLAN_BILLING_DEV_BUILD__ === 'boolean' ? __PLAN_BILLING_DEV_BUILD__ : true;

/** The build's service URL: the vendor's (https) in a release build, the sandbox in a development build. */
export const buildServiceUrl: string = typeof __PLAN_BILLING_SERVICE_URL__ === 'string' ? __PLAN_BILLING_SERVICE_URL__ : DEVELOPMENT_SERVICE_URL;
