/**
 * requireEntitlement (journey 7 of docs/journeys.md): returns true at once when entitled;
 * otherwise explains why, offers the one fixing action for the state, runs it,
 * waits (bounded) for the refreshed account and re-checks. Dismissing returns
 * false and changes nothing.
 */
import * as vscode from 'vscode';
import { type PlanId } from '../../shared/contract/planId';
import { type PortalFlow } from '../../shared/contract/portal';
import { isApiError } from '../api/apiError';
import { type AccountRefresher, type AccountWaiter, type EntitlementSource } from '../account/accountInterfaces';
import { type AccountSnapshot } from '../account/accountSnapshot';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { type PortalOpener } from '../portal/portalOpener';
import { type Prompter } from '../ui/prompter';
import { SECOND } from '../util/clock';
import { type GateAction, gateActionTitle, gateDecision } from './gateDecision';
import { type QuotaState } from '../../shared/contract/usage';
import { type UsageView } from '../usage/usageStore';
import { actionTitle, consumesCredits, quotaRefusalWords } from '../usage/quotaWording';

export interface GateDeps {
  readonly account: EntitlementSource & AccountWaiter & AccountRefresher;
  readonly portal: Pick<PortalOpener, 'open'>;
  readonly prompter: Prompter;
  readonly logger: Logger;
  /** Runs the sign-in flow; rejects when cancelled or failed. */
  readonly signIn: () => Promise<unknown>;
  /**
   * Opens the Manage Plan panel at its Change plan view with `highlight`
   * marked. Omitted: 'upgrade' opens the portal's 'manage' flow instead.
   */
  readonly openPlans?: (highlight: PlanId) => Promise<void>;
  /** The period's credits: credit-consuming features are refused while quotaExceeded is set. */
  readonly usage?: UsageView;
  /** Opens the Manage Plan panel at its Usage section (overage settings). */
  readonly openUsage?: () => Promise<void>;
  /** Locale and time zone of dates and amounts. */
  readonly locale?: string;
}

const SIGN_IN_SETTLE_MS = 60 * SECOND;
const CHECK_WAIT_MS = 30 * SECOND;
/** How long the gate waits for a plan change the user makes in the panel (cancellable). */
export const PLAN_CHANGE_WAIT_MS = 10 * 60 * SECOND;

export async function requireEntitlement(feature: string, deps: GateDeps): Promise<boolean> {
  if (typeof feature !== 'string' || feature === '') {
    deps.logger.warn('requireEntitlement called without a feature key');
    return false;
  }
  const decision = gateDecision(deps.account.snapshot, feature);
  if (decision.allowed) {
    const quota = deps.usage?.usage?.quotaExceeded ?? null;
    if (quota === null || !consumesCredits(feature)) return true;
    await explainQuota(quota, deps, true);
    return false;
  }
  const titles = decision.actions.map((a) => gateActionTitle(a, decision.upgradeTo));
  const choice = await deps.prompter.show('warning', decision.message, { modal: true, detail: decision.detail || undefined }, titles);
  const action = decision.actions.find((a) => gateActionTitle(a, decision.upgradeTo) === choice);
  if (!action) return false;
  try {
    await runAction(action, feature, deps, decision.upgradeTo);
  } catch (error) {
    if (!(isApiError(error) && error.kind === 'cancelled')) {
      deps.logger.warn(`Gate action ${action} failed: ${error instanceof Error ? error.message : String(error)}`);
      void deps.prompter.show('error', t("Couldn't complete that: {0}", error instanceof Error ? error.message : String(error)), {}, []);
    }
    return false;
  }
  return deps.account.has(feature);
}

/**
 * Explains a quota refusal ("You have used all 1,000 credits of Pro this
 * period." and the reset date) with Enable overage / Raise spend cap and
 * Upgrade; the chosen action opens the panel (Usage, or Change plan). Modal
 * for the gate; a notification for a refusal the exported API passes on.
 */
export async function explainQuota(reason: QuotaState, deps: GateDeps, modal: boolean): Promise<void> {
  const usage = deps.usage?.usage;
  if (!usage) return;
  const words = quotaRefusalWords(usage, reason, { locale: deps.locale });
  const titles = words.actions.map((a) => actionTitle(a, words.upgradeTo));
  // A notification shows no detail: the reset date goes into its message.
  const choice = modal
    ? await deps.prompter.show('warning', words.message, { modal: true, detail: words.detail }, titles)
    : await deps.prompter.show('warning', `${words.message} ${words.detail}`, {}, titles);
  const action = words.actions.find((a) => actionTitle(a, words.upgradeTo) === choice);
  if (!action) return;
  if (action === 'upgrade' && words.upgradeTo && deps.openPlans) await deps.openPlans(words.upgradeTo);
  else if (action !== 'upgrade' && deps.openUsage) await deps.openUsage();
}

async function runAction(action: GateAction, feature: string, deps: GateDeps, upgradeTo: PlanId | undefined): Promise<void> {
  const { account } = deps;
  const settled = (s: AccountSnapshot) => s.signedIn && s.kind !== 'checking' && !s.refreshing;
  switch (action) {
    case 'signIn':
      await deps.signIn();
      await account.waitFor(settled, SIGN_IN_SETTLE_MS);
      return;
    case 'waitForCheck':
      await withProgress(t('Verifying your plan…'), async (signal) => {
        void account.refresh('manual');
        await account.waitFor((s) => settled(s) || (s.stale && !s.refreshing), CHECK_WAIT_MS, signal);
      });
      return;
    case 'upgrade':
      if (deps.openPlans && upgradeTo) return viaPanel(upgradeTo, feature, deps.openPlans, deps);
      return viaPortal('manage', feature, deps);
    case 'updatePaymentMethod':
      return viaPortal('payment_method_update', feature, deps);
    case 'payBalance':
      return viaPortal('pay_outstanding_balance', feature, deps);
  }
}

async function viaPortal(flow: PortalFlow, feature: string, deps: GateDeps): Promise<void> {
  const result = await deps.portal.open(flow);
  if (!result.opened) return;
  const { watch } = result;
  try {
    await withProgress(t('Waiting for the payment portal…'), async (signal) => {
      await watch.until((s) => s.features.includes(feature), signal);
    });
  } finally {
    watch.dispose();
  }
}

/** The plan is changed in the Manage Plan panel (preview, confirm); the refreshed account then grants the feature. */
async function viaPanel(highlight: PlanId, feature: string, openPlans: (highlight: PlanId) => Promise<void>, deps: GateDeps): Promise<void> {
  await openPlans(highlight);
  await withProgress(t('Waiting for your plan change…'), async (signal) => {
    await deps.account.waitFor((s) => s.features.includes(feature), PLAN_CHANGE_WAIT_MS, signal);
  });
}

function withProgress(title: string, task: (signal: AbortSignal) => Promise<void>): Thenable<void> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    return task(controller.signal);
  });
}
