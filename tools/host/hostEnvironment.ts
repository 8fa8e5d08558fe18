/**
 * Names the host runners and the code running inside the extension host agree
 * on. Imported by the integration suite too, so keep it free of Node-only I/O.
 */
export const extensionId = 'planbilling.plan-billing';
export const fixtureExtensionId = 'planbilling-test.gated-fixture';

/** The sandbox's base URL, for tests that drive /sandbox/* (set in the extension host's environment). */
export const sandboxUrlEnv = 'PLAN_BILLING_SANDBOX_URL';
/** Which host runs the suite: 'electron' | 'code-server'. */
export const testHostEnv = 'PLAN_BILLING_TEST_HOST';
/**
 * When set, the suite prefixes every line it prints with this marker, so the
 * code-server runner can tell the suite's output from the workbench's own log
 * (both arrive through the page's console). The electron host prints the
 * extension host's output directly, so it leaves this unset.
 */
export const suiteLogPrefixEnv = 'PLAN_BILLING_SUITE_LOG_PREFIX';
export const suiteLogPrefix = '[suite] ';
/** Per-test timeout of the integration suite in ms (default 60000). */
export const suiteTimeoutEnv = 'PLAN_BILLING_SUITE_TIMEOUT';
