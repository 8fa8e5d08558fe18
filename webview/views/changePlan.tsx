/**
 * Plan changes in the panel (journey 15): the tiers side by side (Change
 * plan), one change's preview and confirmation, and the cancel dialog. The
 * host fetches and applies; nothing is charged before "Confirm". The words
 * come from shared/planChangeWording.ts.
 */
import { useState } from 'preact/hooks';
import { type AccountSummary, type BillingInterval } from '../../shared/contract/account';
import { type PlanId } from '../../shared/contract/planId';
import { type CancellationReasonCode, type Plan, type SubscriptionChangePreview } from '../../shared/contract/plans';
import { formatCredits } from '../../shared/credits';
import { type AccountStateKind } from '../../shared/accountState';
import { type PlansView } from '../../shared/panelProtocol';
import {
  annualSaving,
  cancelInWords,
  changeButtonLabel,
  confirmButtonLabel,
  creditsPerInterval,
  downgradeLossInWords,
  pendingReasonInWords,
  previewInWords,
  pricePerInterval,
  type RefusalAction,
  refusalActionLabel,
  refusalInWords,
  type WordingFormat,
} from '../../shared/planChangeWording';
import { planName } from '../../shared/planTiers';
import { type PanelEnv, usePanelEnv } from '../app/panelContext';
import { LoadError } from '../ui/listStates';
import { Badge, ButtonIcon, Icon, Notice } from '../ui/parts';
import { BackButton, ViewHeading } from './viewParts';

/** The formatting planChangeWording needs, in the panel's locale. */
export function wordingFormat(env: PanelEnv): WordingFormat {
  return { money: env.money, date: env.date, credits: (hundredths) => formatCredits(hundredths, env.locale) };
}

/** A past-due or unpaid account, or one owing a balance: it pays first (the service refuses with payment_overdue). */
export function mustPayFirst(kind: AccountStateKind, account: AccountSummary): boolean {
  const status = account.subscription?.status;
  return kind === 'pastDue' || status === 'past_due' || status === 'unpaid' || (kind === 'ended' && account.outstandingBalance.amount > 0);
}

/** Runs a refusal's action: what the panel offers next to its sentence. */
export interface RefusalHandlers {
  previewAgain?(): void;
  cancel?(): void;
}

/** The refusal's sentence and its one action, as a notice. */
export function RefusalNotice({ code, message, handlers }: { code: string | null; message: string; handlers: RefusalHandlers }) {
  const env = usePanelEnv();
  const { t } = env;
  const words = refusalInWords(t, code ?? undefined, message);
  const run: Record<RefusalAction, (() => void) | undefined> = {
    previewAgain: handlers.previewAgain,
    payNow: () => env.post({ type: 'openPortal', flow: 'pay_outstanding_balance' }),
    resume: () => env.post({ type: 'resumeSubscription' }),
    cancel: handlers.cancel,
    refresh: () => env.post({ type: 'refresh' }),
    none: undefined,
  };
  const label = refusalActionLabel(t, words.action);
  const onAction = run[words.action];
  return (
    <Notice
      tone="error"
      icon="error"
      title={words.message}
      class="plan-refusal"
      actions={label && onAction ? <vscode-button onClick={onAction}>{label}</vscode-button> : undefined}
    />
  );
}

// ---------------------------------------------------------------------------
// Change plan: the tiers side by side

export interface ChangePlanProps {
  plans: PlansView;
  kind: AccountStateKind;
  account: AccountSummary;
  highlight: PlanId | null;
  interval: BillingInterval;
  onInterval(interval: BillingInterval): void;
  onChoose(planId: PlanId, interval: BillingInterval): void;
  /** Moving to Free is a cancellation. */
  onCancel(): void;
  onBack(): void;
}

export function ChangePlanPage(props: ChangePlanProps) {
  const env = usePanelEnv();
  const { t } = env;
  const { plans, account } = props;
  const catalogue = plans.catalogue;
  const blocked = mustPayFirst(props.kind, account);
  const canceling = account.subscription?.cancelAtPeriodEnd === true && props.kind !== 'ended';
  const bestSaving = catalogue ? Math.max(0, ...catalogue.plans.map((plan) => annualSaving(plan).amount)) : 0;
  const currency = catalogue?.plans[0]?.prices.year.currency ?? 'USD';
  return (
    <section class="view change-plan" aria-labelledby="change-plan-heading" data-testid="change-plan-view">
      <BackButton label={t('Back')} onBack={props.onBack} />
      <ViewHeading id="change-plan-heading">{t('Change plan')}</ViewHeading>
      {blocked && <RefusalNotice code="payment_overdue" message="" handlers={{}} />}
      {!blocked && canceling && <RefusalNotice code="cancellation_scheduled" message="" handlers={{}} />}
      {plans.error && !catalogue && <LoadError title={t("Couldn't load the plans")} error={plans.error} onRetry={() => env.post({ type: 'loadPlans' })} />}
      {!catalogue && !plans.error && (
        <p class="checking" aria-busy="true">
          <Icon name="loading" spin />
          <span>{t('Loading plans…')}</span>
        </p>
      )}
      {catalogue && (
        <>
          <fieldset class="interval-switch">
            <legend>{t('Billing interval')}</legend>
            <label>
              <input type="radio" name="interval" value="month" checked={props.interval === 'month'} onChange={() => props.onInterval('month')} />
              {t('Monthly')}
            </label>
            <label>
              <input type="radio" name="interval" value="year" checked={props.interval === 'year'} onChange={() => props.onInterval('year')} />
              {bestSaving > 0 ? t('Annual (save up to {0})', env.money({ amount: bestSaving, currency })) : t('Annual')}
            </label>
          </fieldset>
          <ul class="tiers" aria-label={t('Plans')}>
            {catalogue.plans.map((plan, index) => (
              <TierCard
                key={plan.id}
                plan={plan}
                below={catalogue.plans[index - 1]}
                currentPlan={catalogue.current.planId}
                currentInterval={catalogue.current.interval}
                interval={props.interval}
                highlighted={plan.id === props.highlight}
                disabled={blocked || canceling || plans.busy !== null}
                renews={account.subscription !== null && !account.subscription.cancelAtPeriodEnd && props.kind !== 'ended'}
                onChoose={props.onChoose}
                onCancel={props.onCancel}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function TierCard(props: {
  plan: Plan;
  /** The tier listed before this one: its features are summed up as "Everything in …". */
  below: Plan | undefined;
  currentPlan: PlanId;
  currentInterval: BillingInterval | null;
  interval: BillingInterval;
  highlighted: boolean;
  disabled: boolean;
  renews: boolean;
  onChoose(planId: PlanId, interval: BillingInterval): void;
  onCancel(): void;
}) {
  const env = usePanelEnv();
  const { t } = env;
  const f = wordingFormat(env);
  const { plan, interval } = props;
  const price = plan.prices[interval];
  const isCurrent = plan.id === props.currentPlan;
  const headingId = `tier-${plan.id}-name`;
  const saving = annualSaving(plan);
  const credits = creditsPerInterval(t, f, plan.includedCredits[interval], interval);
  // Each tier includes the ones below it: list only what it adds.
  const inherited = new Set(props.below?.features.map((feature) => feature.key) ?? []);
  const added = plan.features.filter((feature) => !inherited.has(feature.key));
  let action = null;
  if (isCurrent) {
    // The same tier on the other interval is a change too (monthly → annual).
    if (plan.id !== 'free' && props.currentInterval !== null && props.currentInterval !== interval) {
      action = (
        <vscode-button secondary disabled={props.disabled} onClick={() => props.onChoose(plan.id, interval)}>
          {interval === 'year' ? t('Switch to annual') : t('Switch to monthly')}
        </vscode-button>
      );
    }
  } else if (plan.id === 'free') {
    // Free is reached by canceling; only a subscription that renews can.
    if (props.renews) {
      action = (
        <vscode-button secondary disabled={props.disabled} onClick={props.onCancel}>
          {changeButtonLabel(t, props.currentPlan, plan.id)}
        </vscode-button>
      );
    }
  } else {
    action = (
      <vscode-button secondary={!props.highlighted} disabled={props.disabled} onClick={() => props.onChoose(plan.id, interval)}>
        {changeButtonLabel(t, props.currentPlan, plan.id)}
      </vscode-button>
    );
  }
  return (
    <li
      class={`tier card${isCurrent ? ' tier--current' : ''}${props.highlighted ? ' tier--highlight' : ''}`}
      aria-labelledby={headingId}
      aria-current={isCurrent ? 'true' : undefined}
      data-testid={`tier-${plan.id}`}
    >
      <div class="tier__title">
        <h3 id={headingId} class="tier__name">
          {plan.name}
        </h3>
        {isCurrent && (
          <Badge tone="success" icon="check">
            {t('Current plan')}
          </Badge>
        )}
        {props.highlighted && !isCurrent && (
          <Badge tone="info" icon="star-full">
            {t('Includes what you asked for')}
          </Badge>
        )}
      </div>
      <p class="tier__tagline">{plan.tagline}</p>
      <p class="tier__price">{price.amount === 0 ? t('Free') : pricePerInterval(t, env.money(price), interval)}</p>
      {interval === 'year' && saving.amount > 0 && <p class="tier__saving">{t('Save {0} a year', env.money(saving))}</p>}
      {credits && <p class="tier__credits">{credits}</p>}
      {action && <div class="actions">{action}</div>}
      {props.below && <p class="tier__includes">{t('Everything in {0}, plus:', props.below.name)}</p>}
      <ul class="tier__features" aria-label={t('Features of {0}', plan.name)}>
        {added.map((feature) => (
          <li key={feature.key}>
            <Icon name="check" />
            <span>{feature.description}</span>
          </li>
        ))}
      </ul>
    </li>
  );
}

// ---------------------------------------------------------------------------
// Preview and confirmation

export interface PlanPreviewProps {
  plans: PlansView;
  account: AccountSummary;
  planId: PlanId;
  interval: BillingInterval;
  onPreviewAgain(): void;
  onCancel(): void;
  onBack(): void;
}

export function PlanPreviewPage(props: PlanPreviewProps) {
  const env = usePanelEnv();
  const { t } = env;
  const { plans } = props;
  // Only the preview of this view's tier and interval (a late answer for another is not confirmed here).
  const preview = plans.preview && plans.preview.to.planId === props.planId && plans.preview.to.interval === props.interval ? plans.preview : null;
  const outcome = plans.outcome;
  const refusal = plans.refusal && (plans.refusal.action === 'preview' || plans.refusal.action === 'change') ? plans.refusal : null;
  const trialing = props.account.subscription?.status === 'trialing';
  return (
    <section class="view plan-preview" aria-labelledby="plan-preview-heading" data-testid="plan-preview">
      <BackButton label={t('Back')} onBack={props.onBack} />
      <ViewHeading id="plan-preview-heading">{t('Change to {0}', planName(props.planId))}</ViewHeading>
      {outcome?.kind === 'requiresPayment' ? (
        <Notice
          tone="warning"
          icon="warning"
          title={t('Your payment needs you in the payment portal')}
          class="plan-pending"
          actions={<vscode-button onClick={() => env.post({ type: 'openPortal', flow: 'plan_change_payment' })}>{t('Complete payment in the portal')}</vscode-button>}
        >
          <p>{pendingReasonInWords(t, wordingFormat(env), outcome.pending)}</p>
        </Notice>
      ) : (
        <>
          {refusal && <RefusalNotice code={refusal.code} message={refusal.message} handlers={{ previewAgain: props.onPreviewAgain, cancel: props.onCancel }} />}
          {plans.busy === 'preview' && (
            <p class="checking" aria-busy="true">
              <Icon name="loading" spin />
              <span>{t('Working out what the change costs…')}</span>
            </p>
          )}
          {preview && <PreviewDetails preview={preview} trialing={trialing} busy={plans.busy === 'change'} />}
        </>
      )}
    </section>
  );
}

function PreviewDetails({ preview, trialing, busy }: { preview: SubscriptionChangePreview; trialing: boolean; busy: boolean }) {
  const env = usePanelEnv();
  const { t } = env;
  const f = wordingFormat(env);
  const loss = preview.direction === 'downgrade' ? downgradeLossInWords(t, preview.from.planId, preview.to.planId) : undefined;
  const hasCharge = preview.lines.length > 0 || preview.amountDueNow.amount > 0;
  return (
    <div class="card preview">
      <p class="preview__words" data-testid="preview-words">
        {previewInWords(t, f, preview, trialing)}
      </p>
      {loss && <p class="preview__loss">{loss}</p>}
      {hasCharge && (
        <table class="table preview__lines">
          <caption class="visually-hidden">{t('What you pay now')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Description')}</th>
              <th scope="col" class="num">
                {t('Amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.lines.map((line, index) => (
              <tr key={index} class={line.amount.amount < 0 ? 'line--credit' : undefined}>
                <td>{line.description}</td>
                <td class="num">{env.money(line.amount)}</td>
              </tr>
            ))}
            {preview.taxLines
              .filter((line) => line.amount.amount !== 0)
              .map((line, index) => (
                <tr key={`tax-${index}`}>
                  <td>{line.label}</td>
                  <td class="num">{env.money(line.amount)}</td>
                </tr>
              ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('Due now')}</th>
              <td class="num">{env.money(preview.amountDueNow)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      <p class="muted">{t('Nothing is charged until you confirm.')}</p>
      <div class="actions">
        <vscode-button disabled={busy} onClick={() => env.post({ type: 'confirmPlanChange', previewId: preview.id })}>
          <ButtonIcon name={busy ? 'loading' : undefined} spin={busy} />
          {confirmButtonLabel(t, f, preview, trialing)}
        </vscode-button>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------
// Cancel dialog

const REASONS: readonly CancellationReasonCode[] = ['too_expensive', 'not_using', 'missing_features', 'switching_service', 'technical_issues', 'other'];

function reasonLabel(env: PanelEnv, code: CancellationReasonCode): string {
  const { t } = env;
  switch (code) {
    case 'too_expensive':
      return t('Too expensive');
    case 'not_using':
      return t('Not using it enough');
    case 'missing_features':
      return t('Missing features');
    case 'switching_service':
      return t('Switching to another service');
    case 'technical_issues':
      return t('Technical issues');
    case 'other':
      return t('Other');
  }
}

export interface CancelDialogProps {
  plans: PlansView;
  account: AccountSummary;
  onKeep(): void;
}

export function CancelDialog({ plans, account, onKeep }: CancelDialogProps) {
  const env = usePanelEnv();
  const { t } = env;
  const [reason, setReason] = useState<CancellationReasonCode | null>(null);
  const [comment, setComment] = useState('');
  const subscription = account.subscription;
  const free = plans.catalogue?.plans.find((plan) => plan.id === 'free');
  const busy = plans.busy === 'cancel';
  const refusal = plans.refusal?.action === 'cancel' ? plans.refusal : null;
  const confirm = () => {
    const text = comment.trim().slice(0, 1000);
    // Words without a choice are an "other" reason.
    const code = reason ?? (text ? 'other' : null);
    env.post(code ? { type: 'cancelSubscription', reason: text ? { code, comment: text } : { code } } : { type: 'cancelSubscription' });
  };
  return (
    <section class="view cancel-dialog" aria-labelledby="cancel-heading" data-testid="cancel-dialog">
      <BackButton label={t('Back')} onBack={onKeep} />
      <ViewHeading id="cancel-heading">{t('Cancel subscription')}</ViewHeading>
      {refusal && <RefusalNotice code={refusal.code} message={refusal.message} handlers={{}} />}
      <div class="card">
        {subscription && (
          <p class="cancel__words" data-testid="cancel-words">
            {cancelInWords(t, wordingFormat(env), subscription.planId, subscription.currentPeriodEnd, free)}
          </p>
        )}
        <p>{t('No further payments are taken. You can resume until then.')}</p>
        <fieldset class="cancel__reasons">
          <legend>{t('Why are you canceling? (optional)')}</legend>
          {REASONS.map((code) => (
            <label key={code}>
              <input type="radio" name="cancel-reason" value={code} checked={reason === code} onChange={() => setReason(code)} />
              {reasonLabel(env, code)}
            </label>
          ))}
        </fieldset>
        <label class="cancel__comment">
          <span>{t('Anything else you want to tell us? (optional)')}</span>
          <textarea
            rows={3}
            maxLength={1000}
            value={comment}
            onInput={(event) => setComment((event.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <div class="actions">
          <vscode-button disabled={busy} onClick={confirm}>
            <ButtonIcon name={busy ? 'loading' : undefined} spin={busy} />
            {t('Cancel subscription')}
          </vscode-button>
          <vscode-button secondary disabled={busy} onClick={onKeep}>
            {t('Keep subscription')}
          </vscode-button>
        </div>
      </div>
    </section>
  );
}
