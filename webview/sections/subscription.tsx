/** Current subscription: plan, price, status, what happens next, and the action that fits the state. */
import { type VNode } from 'preact';
import { type AccountSummary, type Subscription } from '../../shared/contract/account';
import { type PortalFlow } from '../../shared/contract/portal';
import { type AccountStateKind } from '../../shared/accountState';
import { type PanelEnv, usePanelEnv } from '../app/panelContext';
import { calendarDaysUntil, formatDaysFromNow } from '../format';
import { amountWithTax } from '../../shared/taxWording';
import { endsOnInWords, pendingHeadline, pendingReasonInWords, refusalInWords, scheduledChangeInWords } from '../../shared/planChangeWording';
import { planName as tierName } from '../../shared/planTiers';
import { Badge, Fact, Icon, Notice, Section, type Tone } from '../ui/parts';
import { type IconName } from '../ui/codiconShapes';
import { mustPayFirst, RefusalNotice, wordingFormat } from '../views/changePlan';
import { showsPastDueBanner } from './pastDueBanner';

interface Action {
  label: string;
  flow: PortalFlow;
  secondary: boolean;
}

/** How a paid-access state looks; offline grace shows the last verified subscription as it was. */
type PaidKind = 'trialing' | 'active' | 'activeCanceling';

function paidKindOf(subscription: Subscription): PaidKind {
  if (subscription.status === 'trialing') return 'trialing';
  return subscription.cancelAtPeriodEnd ? 'activeCanceling' : 'active';
}

function statusBadge(env: PanelEnv, kind: AccountStateKind, subscription: Subscription | null): VNode | null {
  const { t } = env;
  const badge = (tone: Tone, icon: IconName, text: string) => (
    <Badge tone={tone} icon={icon}>
      {text}
    </Badge>
  );
  switch (kind) {
    case 'trialing':
      return badge('info', 'clock', t('Trial'));
    case 'active':
      return badge('success', 'pass', t('Active'));
    case 'activeCanceling':
      return badge('warning', 'calendar', t('Canceling'));
    case 'pastDue':
      return badge('error', 'error', t('Past due'));
    case 'offlineGrace':
      return subscription ? statusBadge(env, paidKindOf(subscription), subscription) : null;
    case 'ended':
      switch (subscription?.status) {
        case 'unpaid':
          return badge('error', 'error', t('Unpaid'));
        case 'incomplete':
          return badge('warning', 'warning', t('Incomplete'));
        case 'incomplete_expired':
          return badge('neutral', 'circle-slash', t('Expired'));
        default:
          return badge('neutral', 'circle-slash', t('Canceled'));
      }
    default:
      return null;
  }
}

/** Where the section's plan buttons lead (views of the panel). */
export interface PlanNavigation {
  onChangePlan(): void;
  onCancel(): void;
}

export function SubscriptionSection({ kind, account, busy, navigation }: { kind: AccountStateKind; account: AccountSummary; busy?: boolean; navigation: PlanNavigation }) {
  const env = usePanelEnv();
  const { t } = env;
  return (
    <Section id="subscription" title={t('Subscription')}>
      <div class="card">
        {kind === 'checking' ? <Checking /> : <SubscriptionDetails kind={kind} account={account} busy={busy ?? false} navigation={navigation} />}
      </div>
    </Section>
  );
}

/** Never "Free" or an upgrade while the state is unresolved: nobody is sold what they already have. */
function Checking() {
  const { t } = usePanelEnv();
  return (
    <p class="checking" aria-busy="true">
      <Icon name="loading" spin />
      <span>{t('Checking your plan…')}</span>
    </p>
  );
}

function SubscriptionDetails({ kind, account, busy, navigation }: { kind: AccountStateKind; account: AccountSummary; busy: boolean; navigation: PlanNavigation }) {
  const env = usePanelEnv();
  const { t } = env;
  const subscription = account.subscription;
  const paid = kind === 'trialing' || kind === 'active' || kind === 'activeCanceling' || kind === 'offlineGrace';
  const shownKind: AccountStateKind = kind === 'offlineGrace' && subscription ? paidKindOf(subscription) : kind;
  const showsSubscriptionPlan = subscription && (paid || kind === 'pastDue');
  // An ended subscription keeps its own name next to its "Canceled"/"Unpaid" badge.
  const planName = subscription && (showsSubscriptionPlan || kind === 'ended') ? subscription.planName : account.plan.name;
  const action = primaryAction(env, shownKind, account);
  const f = wordingFormat(env);
  const scheduled = subscription?.scheduledChange && (shownKind === 'active' || shownKind === 'trialing') ? subscription.scheduledChange : null;
  const canceling = shownKind === 'activeCanceling' && subscription ? subscription : null;
  const pending = account.pendingPlanChange;
  // The plan's own buttons: change (or pay first), cancel while it renews.
  const payFirst = mustPayFirst(kind, account);
  // While canceling, Resume comes first (a change is refused with cancellation_scheduled).
  const canChange = !payFirst && kind !== 'offlineGrace' && canceling === null;
  const renews = (shownKind === 'active' || shownKind === 'trialing') && kind !== 'offlineGrace' && subscription !== null && !subscription.cancelAtPeriodEnd;
  return (
    <>
      <div class="plan">
        <div class="plan__title">
          <h3 class="plan__name">{planName}</h3>
          {statusBadge(env, kind, subscription)}
        </div>
        {showsSubscriptionPlan && (
          <p class="plan__price">
            {subscription.interval === 'year'
              ? t('{0} per year', env.money(subscription.price))
              : t('{0} per month', env.money(subscription.price))}
          </p>
        )}
        {shownKind === 'trialing' && subscription?.trialEnd && (
          <p class="plan__trial">
            <Icon name="clock" />
            <span>
              {t(
                'Trial ends {0}, on {1}.',
                formatDaysFromNow(calendarDaysUntil(subscription.trialEnd, env.now), env.locale),
                env.date(subscription.trialEnd),
              )}
            </span>
          </p>
        )}
        <p class="plan__summary">{summary(env, shownKind, account)}</p>
        {scheduled && (
          <p class="plan__scheduled" data-testid="scheduled-change">
            <Icon name="calendar" />
            <span>{scheduledChangeInWords(t, f, scheduled.to.planId, scheduled.effectiveAt)}</span>
          </p>
        )}
        {canceling && (
          <p class="plan__ends" data-testid="cancellation">
            <Icon name="calendar" />
            <span>{endsOnInWords(t, f, canceling.currentPeriodEnd)}</span>
          </p>
        )}
      </div>
      <SubscriptionFacts kind={shownKind} account={account} />
      {pending && (
        <Notice
          tone="warning"
          icon="warning"
          title={pendingHeadline(t, pending)}
          class="plan-pending"
          actions={<vscode-button onClick={() => env.post({ type: 'openPortal', flow: 'plan_change_payment' })}>{t('Complete payment')}</vscode-button>}
        >
          <p data-testid="pending-plan-change">{pendingReasonInWords(t, f, pending)}</p>
        </Notice>
      )}
      {payFirst &&
        // The banner above (or Reactivate) carries the payment: only say why the plan can't change here.
        (showsPastDueBanner(kind, account) || action?.flow === 'pay_outstanding_balance' ? (
          <p class="plan__blocked" data-testid="plan-change-blocked">
            {refusalInWords(t, 'payment_overdue', '').message}
          </p>
        ) : (
          <RefusalNotice code="payment_overdue" message="" handlers={{}} />
        ))}
      <div class="actions">
        {canChange && (
          <vscode-button id="change-plan" disabled={busy} onClick={navigation.onChangePlan}>
            {t('Change plan')}
          </vscode-button>
        )}
        {scheduled && subscription && (
          <vscode-button secondary disabled={busy} onClick={() => env.post({ type: 'keepCurrentPlan' })}>
            {t('Keep {0}', tierName(subscription.planId))}
          </vscode-button>
        )}
        {canceling && kind !== 'offlineGrace' && (
          <vscode-button disabled={busy} onClick={() => env.post({ type: 'resumeSubscription' })}>
            {t('Resume')}
          </vscode-button>
        )}
        {action && (
          <vscode-button secondary={action.secondary} onClick={() => env.post({ type: 'openPortal', flow: action.flow })}>
            {action.label}
          </vscode-button>
        )}
        {renews && (
          <vscode-button id="cancel-subscription" secondary disabled={busy} onClick={navigation.onCancel}>
            {t('Cancel subscription')}
          </vscode-button>
        )}
      </div>
    </>
  );
}

function summary(env: PanelEnv, kind: AccountStateKind, account: AccountSummary): string {
  const { t } = env;
  const subscription = account.subscription;
  switch (kind) {
    case 'free':
      return t('Basic completions are included. Upgrade for unlimited completions, the agent and premium models.');
    case 'trialing':
      return account.paymentMethod
        ? t('Your plan continues automatically when the trial ends.')
        : t('Add a payment method below to keep your plan after the trial.');
    case 'active':
      return t('Your subscription renews automatically.');
    case 'activeCanceling':
      return t('You keep your plan until it ends. No further payments will be taken.');
    case 'pastDue':
      return t('Paid features are paused until the overdue payment goes through.');
    case 'ended': {
      const endedOn = subscription?.canceledAt ?? subscription?.currentPeriodEnd;
      const ended =
        subscription?.status === 'unpaid'
          ? t('Your subscription is unpaid.')
          : endedOn
            ? t('Your subscription ended on {0}.', env.date(endedOn))
            : t('Your subscription has ended.');
      const now = t("You're on the {0} plan now.", account.plan.name);
      if (account.outstandingBalance.amount > 0 && subscription?.status !== 'unpaid') {
        return `${ended} ${now} ${t('Reactivate it by paying the outstanding balance in the payment portal.')}`;
      }
      return subscription ? `${ended} ${now}` : '';
    }
    default:
      return '';
  }
}

function SubscriptionFacts({ kind, account }: { kind: AccountStateKind; account: AccountSummary }) {
  const env = usePanelEnv();
  const { t } = env;
  const subscription = account.subscription;
  const upcoming = account.upcomingInvoice;
  const rows = [];
  if (kind === 'activeCanceling' && subscription) {
    rows.push(
      <Fact term={t('Cancels on')} key="cancels">
        {env.date(subscription.currentPeriodEnd)}
      </Fact>,
    );
  }
  if ((kind === 'trialing' || kind === 'active') && upcoming) {
    rows.push(
      <Fact term={kind === 'trialing' ? t('First payment') : t('Next payment')} key="next">
        {t('{0} on {1}', amountWithTax(t, env.money, upcoming), env.date(upcoming.date))}
      </Fact>,
    );
  }
  if (kind === 'ended' && account.outstandingBalance.amount > 0) {
    rows.push(
      <Fact term={t('Outstanding balance')} key="balance">
        {env.money(account.outstandingBalance)}
      </Fact>,
    );
  }
  return rows.length > 0 ? <dl class="facts">{rows}</dl> : null;
}

/** The portal action that fits the state, or none (past due: the banner carries the fix; plan changes happen in the editor). */
function primaryAction(env: PanelEnv, kind: AccountStateKind, account: AccountSummary): Action | null {
  const { t } = env;
  switch (kind) {
    case 'free':
      // Change plan shows the tiers in the editor.
      return null;
    case 'trialing':
    case 'active':
      return { label: t('Manage subscription'), flow: 'manage', secondary: true };
    case 'activeCanceling':
      // Resume undoes the cancellation in the editor.
      return null;
    case 'ended':
      if (showsPastDueBanner(kind, account)) return null;
      return account.outstandingBalance.amount > 0 ? { label: t('Reactivate'), flow: 'pay_outstanding_balance', secondary: false } : null;
    default:
      return null;
  }
}
