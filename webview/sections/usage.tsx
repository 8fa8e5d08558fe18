/**
 * Usage in credits (section#usage): a meter per pool (plan credits, each bonus
 * grant with its expiry, overage against its spend cap), the reset date, a
 * chart of daily usage this period and one of the last 12 periods (each with a
 * table for screen readers, or shown with "Show as table"), Export CSV, and
 * the overage settings: a toggle and a spend cap, each change confirmed in
 * words that state the price before the host saves it. Credits are integer
 * hundredths (shared/credits.ts) throughout; nothing here is a float.
 */
import { type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { type AccountStateKind } from '../../shared/accountState';
import { type Money } from '../../shared/contract/common';
import { type DailyUsage, type Usage, type UsagePeriodTotal } from '../../shared/contract/usage';
import { MAX_SPEND_CAP_CENTS } from '../../shared/usageLimits';
import { formatCredits, parseCredits } from '../../shared/credits';
import { type UsagePanelView } from '../../shared/panelProtocol';
import { planName } from '../../shared/planTiers';
import { type PanelEnv, usePanelEnv } from '../app/panelContext';
import { newRequestId } from '../app/hostBridge';
import { calendarDaysUntil, formatDaysFromNow, formatShortDate } from '../format';
import { LoadError } from '../ui/listStates';
import { ButtonIcon, Icon, Notice, Section } from '../ui/parts';

const h = (text: string): number => parseCredits(text) ?? 0;

/** Whole percent, rounded down, 0–100, from integers. */
export function percentOf(part: number, whole: number): number {
  if (whole <= 0) return part > 0 ? 100 : 0;
  return Math.min(100, Math.max(0, Math.floor((part * 100) / whole)));
}

export type CapInput = { ok: true; cents: number } | { ok: false; message: string };

/** The locale's decimal separator: "." in English, "," in German. */
export function decimalSeparator(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
}

/**
 * The spend cap as typed, in dollars: ≥ 0, ≤ $1,000.00, at most two decimals, not below what is accrued.
 * The decimals follow a point or the locale's own separator ("25,50" in German), never a grouping.
 */
export function parseSpendCap(t: PanelEnv['t'], text: string, accruedCents: number, money: (m: Money) => string, decimal = '.'): CapInput {
  // Intl's decimal separators ("." "," "٫") are literal inside a character class.
  const separators = decimal === '.' ? '\\.' : `[.${decimal}]`;
  const example = `25${decimal}00`;
  const match = new RegExp(`^\\s*\\$?\\s*(\\d{1,7})(?:${separators}(\\d{1,2}))?\\s*$`).exec(text);
  if (!match) {
    if (new RegExp(`^\\s*\\$?\\s*\\d+${separators}\\d{3,}\\s*$`).test(text)) return { ok: false, message: t('Enter the spend cap with at most two decimals, e.g. {0}.', example) };
    if (/^\s*-/.test(text)) return { ok: false, message: t('The spend cap cannot be negative.') };
    return { ok: false, message: t('Enter the spend cap in dollars, e.g. {0}.', example) };
  }
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (cents > MAX_SPEND_CAP_CENTS) return { ok: false, message: t('The spend cap can be at most {0}.', money({ amount: MAX_SPEND_CAP_CENTS, currency: 'USD' })) };
  if (cents < accruedCents) {
    return { ok: false, message: t('The spend cap cannot be below the {0} of overage already used this period.', money({ amount: accruedCents, currency: 'USD' })) };
  }
  return { ok: true, cents };
}

/** "12.50" dollars as typed back into the field (exact, from cents). */
function centsText(cents: number, decimal: string): string {
  return `${Math.floor(cents / 100)}${decimal}${String(cents % 100).padStart(2, '0')}`;
}

export interface UsageSectionProps {
  kind: AccountStateKind;
  view: UsagePanelView;
  /** The Change plan view. */
  onUpgrade(): void;
}

export function UsageSection({ kind, view, onUpgrade }: UsageSectionProps) {
  const env = usePanelEnv();
  const { t } = env;
  const usage = view.usage;
  if (!usage) {
    return (
      <Section id="usage" title={t('Usage')}>
        {view.error && !view.loading ? (
          <LoadError title={t("Couldn't load your usage")} error={view.error} onRetry={() => env.post({ type: 'loadUsage' })} />
        ) : (
          <p class="checking" aria-busy="true">
            <Icon name="loading" spin />
            <span>{t('Loading your usage…')}</span>
          </p>
        )}
      </Section>
    );
  }
  return (
    <Section
      id="usage"
      title={t('Usage')}
      headerAction={
        <vscode-button secondary onClick={() => env.post({ type: 'exportUsageCsv' })}>
          <ButtonIcon name="desktop-download" />
          {t('Export CSV')}
        </vscode-button>
      }
    >
      {view.stale && (
        <p class="usage__stale muted" role="note">
          <Icon name="debug-disconnect" />
          <span>{t('Usage as of {0}. It could not be checked just now.', env.dateTime(usage.asOf))}</span>
        </p>
      )}
      {view.export && (
        <Notice
          tone={view.export.status === 'saved' ? 'success' : 'error'}
          icon={view.export.status === 'saved' ? 'pass' : 'error'}
          title={view.export.message}
          actions={
            <vscode-button secondary onClick={() => env.post({ type: 'dismissUsageNotice' })}>
              {t('Dismiss')}
            </vscode-button>
          }
        />
      )}
      <QuotaNotice usage={usage} onUpgrade={onUpgrade} />
      <ResetLine usage={usage} />
      <div class="usage__meters">
        <Meter
          id="usage-meter-plan"
          title={t('{0} plan credits', planName(usage.planId))}
          used={h(usage.plan.used)}
          total={h(usage.plan.included)}
        />
        {usage.bonus.map((grant) => (
          <Meter
            key={grant.id}
            id={`usage-meter-bonus-${grant.id}`}
            title={grant.description}
            subtitle={t('Expires {0}', env.date(grant.expiresAt))}
            used={h(grant.used)}
            total={h(grant.granted)}
          />
        ))}
        {usage.overage && usage.overage.enabled && <OverageMeter usage={usage} />}
      </div>
      <DailyChart daily={usage.daily} periodStart={usage.periodStart} periodEnd={usage.periodEnd} />
      <HistoryChart history={usage.history} />
      <OverageSettings kind={kind} usage={usage} view={view} onUpgrade={onUpgrade} />
    </Section>
  );
}

function ResetLine({ usage }: { usage: Usage }) {
  const env = usePanelEnv();
  const { t } = env;
  const days = calendarDaysUntil(usage.periodEnd, env.now);
  const date = formatShortDate(usage.periodEnd, env.locale);
  return (
    <p class="usage__reset">
      <Icon name="history" />
      <span>{t('Resets on {0} ({1})', date, formatDaysFromNow(Math.max(0, days), env.locale))}</span>
    </p>
  );
}

function QuotaNotice({ usage, onUpgrade }: { usage: Usage; onUpgrade(): void }) {
  const env = usePanelEnv();
  const { t } = env;
  if (usage.quotaExceeded === null) return null;
  let included = h(usage.plan.included);
  for (const grant of usage.bonus) included += h(grant.granted);
  const reset = t('Your credits reset on {0}.', env.date(usage.periodEnd));
  const focusOverage = () => document.getElementById('usage-overage-enabled')?.focus();
  const focusCap = () => document.getElementById('usage-spend-cap')?.focus();
  if (usage.quotaExceeded === 'spend_cap_reached' && usage.overage) {
    return (
      <Notice
        tone="warning"
        icon="warning"
        class="usage__quota"
        title={t('You have reached your overage spend cap of {0} this period.', env.money(usage.overage.spendCap))}
        actions={
          <>
            <vscode-button onClick={focusCap}>{t('Raise spend cap')}</vscode-button>
            {usage.planId !== 'power' && (
              <vscode-button secondary onClick={onUpgrade}>
                {t('Upgrade')}
              </vscode-button>
            )}
          </>
        }
      >
        <p>{reset}</p>
      </Notice>
    );
  }
  return (
    <Notice
      tone="warning"
      icon="warning"
      class="usage__quota"
      title={t('You have used all {0} credits of {1} this period.', formatCredits(included, env.locale), planName(usage.planId))}
      actions={
        <>
          {usage.overage && !usage.overage.enabled && <vscode-button onClick={focusOverage}>{t('Enable overage')}</vscode-button>}
          {usage.planId !== 'power' && (
            <vscode-button secondary={Boolean(usage.overage && !usage.overage.enabled)} onClick={onUpgrade}>
              {t('Upgrade')}
            </vscode-button>
          )}
        </>
      }
    >
      <p>{reset}</p>
    </Notice>
  );
}

function meterTone(percent: number): string {
  if (percent >= 100) return 'is-exhausted';
  if (percent >= 90) return 'is-warning';
  if (percent >= 75) return 'is-low';
  return '';
}

/** One pool's meter: its title, an SVG bar exposed as role="meter", and the figures under it. */
function MeterFrame(props: { id: string; tone: string; title: string; subtitle?: string; percent: number; label: string; valueText: string; right: string }) {
  const titleId = `${props.id}-title`;
  return (
    <div class={`usage-meter ${props.tone}`.trim()} id={props.id}>
      <p class="usage-meter__title" id={titleId}>
        <strong>{props.title}</strong>
        {props.subtitle && <span class="muted">{` · ${props.subtitle}`}</span>}
      </p>
      <div
        class="usage-meter__bar"
        role="meter"
        aria-labelledby={titleId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={props.percent}
        aria-valuetext={props.valueText}
      >
        <svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <rect class="usage-meter__track" x="0" y="0" width="100" height="6" />
          <rect class="usage-meter__fill" x="0" y="0" width={props.percent} height="6" />
        </svg>
      </div>
      <p class="usage-meter__text">
        <span>{props.label}</span>
        <span class="usage-meter__left">{props.right}</span>
      </p>
    </div>
  );
}

function Meter(props: { id: string; title: string; subtitle?: string; used: number; total: number }) {
  const env = usePanelEnv();
  const { t } = env;
  const { used, total } = props;
  const percent = percentOf(used, total);
  const label = t('{0} of {1} credits used ({2} %)', formatCredits(used, env.locale), formatCredits(total, env.locale), percent);
  const left = t('{0} left', formatCredits(Math.max(0, total - used), env.locale));
  return <MeterFrame id={props.id} tone={meterTone(percent)} title={props.title} subtitle={props.subtitle} percent={percent} label={label} valueText={`${label}, ${left}`} right={left} />;
}

function OverageMeter({ usage }: { usage: Usage }) {
  const env = usePanelEnv();
  const { t } = env;
  const overage = usage.overage!;
  const percent = percentOf(overage.accrued.amount, overage.spendCap.amount);
  const label = t('{0} credits beyond the plan: {1} of your {2} spend cap', formatCredits(h(overage.used), env.locale), env.money(overage.accrued), env.money(overage.spendCap));
  return (
    <MeterFrame
      id="usage-meter-overage"
      tone={`usage-meter--overage ${overage.capReached ? 'is-exhausted' : meterTone(percent)}`}
      title={t('Overage')}
      subtitle={t('{0} a credit', env.money(overage.pricePerCredit))}
      percent={percent}
      label={label}
      valueText={label}
      right={overage.capReached ? t('Cap reached') : t('Billed on your next invoice')}
    />
  );
}

/** Bars for `values` (hundredths) in a 100-high box, each named by `names`; `slots` (≥ values) keeps room for the days still to come. */
function Bars(props: { values: readonly number[]; names: readonly string[]; label: string; id: string; slots?: number }) {
  const max = Math.max(1, ...props.values);
  const width = Math.max(1, props.values.length, props.slots ?? 0) * 10;
  return (
    <svg class="usage-chart__svg" id={props.id} role="img" aria-label={props.label} viewBox={`0 0 ${width} 100`} preserveAspectRatio="none">
      <line class="usage-chart__axis" x1="0" y1="100" x2={width} y2="100" />
      {props.values.map((value, i) => {
        // Integer heights: a bar of any usage is at least 1 high.
        const height = value === 0 ? 0 : Math.max(1, Math.floor((value * 100) / max));
        return (
          <rect key={i} class="usage-chart__bar" x={i * 10 + 1} y={100 - height} width="8" height={height}>
            <title>{props.names[i]}</title>
          </rect>
        );
      })}
    </svg>
  );
}

function ChartFrame(props: { id: string; title: string; chart: ComponentChildren; table: ComponentChildren }) {
  const { t } = usePanelEnv();
  const [asTable, setAsTable] = useState(false);
  return (
    <figure class="usage-chart" id={props.id} aria-labelledby={`${props.id}-title`}>
      <figcaption class="usage-chart__header">
        <h3 id={`${props.id}-title`}>{props.title}</h3>
        <vscode-button secondary aria-pressed={asTable ? 'true' : 'false'} aria-controls={`${props.id}-table`} onClick={() => setAsTable(!asTable)}>
          {asTable ? t('Show as chart') : t('Show as table')}
        </vscode-button>
      </figcaption>
      {!asTable && <div aria-hidden="false">{props.chart}</div>}
      {/* Always there for screen readers; shown when asked for. */}
      <div id={`${props.id}-table`} class={asTable ? 'usage-chart__table' : 'usage-chart__table visually-hidden'}>
        {props.table}
      </div>
    </figure>
  );
}

function DailyChart({ daily, periodStart, periodEnd }: { daily: readonly DailyUsage[]; periodStart: string; periodEnd: string }) {
  const env = usePanelEnv();
  const { t } = env;
  // The service's days are UTC calendar days: name them as such.
  const day = (date: string) => new Intl.DateTimeFormat(env.locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
  const values = daily.map((d) => h(d.credits));
  const names = daily.map((d) => t('{0}: {1} credits', day(d.date), formatCredits(h(d.credits), env.locale)));
  const total = values.reduce((a, b) => a + b, 0);
  const label = t('Daily usage this period: {0} credits over {1} days', formatCredits(total, env.locale), daily.length);
  // The whole period's days along the axis, so a bar's place says its date (at most a year's).
  const periodDays = Math.min(366, Math.ceil((Date.parse(periodEnd) - Date.parse(periodStart)) / 86_400_000));
  return (
    <ChartFrame
      id="usage-daily"
      title={t('Daily usage this period')}
      chart={daily.length === 0 ? <p class="muted">{t('No usage yet this period.')}</p> : <Bars id="usage-daily-chart" values={values} names={names} label={label} slots={periodDays} />}
      table={
        <table>
          <caption>{t('Daily usage this period')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Day (UTC)')}</th>
              <th scope="col">{t('Credits')}</th>
            </tr>
          </thead>
          <tbody>
            {daily.map((d) => (
              <tr key={d.date}>
                <th scope="row">{day(d.date)}</th>
                <td>{formatCredits(h(d.credits), env.locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function HistoryChart({ history }: { history: readonly UsagePeriodTotal[] }) {
  const env = usePanelEnv();
  const { t } = env;
  // Oldest first, left to right.
  const periods = [...history].reverse();
  const month = (iso: string) => new Intl.DateTimeFormat(env.locale, { month: 'short', year: 'numeric' }).format(new Date(iso));
  const values = periods.map((p) => h(p.used));
  const names = periods.map((p) => t('{0}: {1} of {2} credits used', month(p.periodStart), formatCredits(h(p.used), env.locale), formatCredits(h(p.included), env.locale)));
  return (
    <ChartFrame
      id="usage-history"
      title={t('Last 12 periods')}
      chart={
        periods.length === 0 ? (
          <p class="muted">{t('No closed periods yet.')}</p>
        ) : (
          <Bars id="usage-history-chart" values={values} names={names} label={t('Credits used in each of the last {0} periods', periods.length)} />
        )
      }
      table={
        <table>
          <caption>{t('Last 12 periods')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('Period')}</th>
              <th scope="col">{t('Plan')}</th>
              <th scope="col">{t('Included')}</th>
              <th scope="col">{t('Used')}</th>
              <th scope="col">{t('Overage')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((p) => (
              <tr key={p.periodStart}>
                <th scope="row">{t('{0} – {1}', env.date(p.periodStart), env.date(p.periodEnd))}</th>
                <td>{planName(p.planId)}</td>
                <td>{formatCredits(h(p.included), env.locale)}</td>
                <td>{formatCredits(h(p.used), env.locale)}</td>
                <td>{h(p.overageCredits) > 0 ? t('{0} credits, {1}', formatCredits(h(p.overageCredits), env.locale), env.money(p.overageAmount)) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

/** A change the user asked for, shown in words before it is saved. */
interface PendingChange {
  overageEnabled: boolean;
  spendCap: number;
}

function OverageSettings({ kind, usage, view, onUpgrade }: { kind: AccountStateKind; usage: Usage; view: UsagePanelView; onUpgrade(): void }) {
  const env = usePanelEnv();
  const { t } = env;
  const overage = usage.overage;
  const [capText, setCapText] = useState<string | null>(null);
  const [capError, setCapError] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingChange | null>(null);
  if (!overage) {
    const pastDue = kind === 'pastDue';
    return (
      <div class="usage-overage card" id="usage-overage">
        <h3>{t('Overage')}</h3>
        <p>
          {pastDue
            ? t('Overage is paused while a payment is past due. Pay the outstanding balance to use credits beyond your plan again.')
            : t('Overage is not available on Free: Free includes {0} credits a month and stops there. Upgrade for more credits and the option to keep working beyond them.', formatCredits(h(usage.plan.included), env.locale))}
        </p>
        {!pastDue && (
          <div class="actions">
            <vscode-button id="usage-upgrade" onClick={onUpgrade}>
              {t('Upgrade')}
            </vscode-button>
          </div>
        )}
      </div>
    );
  }
  const perPeriod = Date.parse(usage.periodEnd) - Date.parse(usage.periodStart) > 40 * 86_400_000 ? 'year' : 'month';
  const decimal = decimalSeparator(env.locale);
  const shownCap = capText ?? centsText(overage.spendCap.amount, decimal);
  const serviceCapError = view.refusal?.fieldErrors.find((e) => e.field === 'spendCap')?.message ?? (view.refusal?.code === 'cap_below_accrued' ? view.refusal.message : null);
  const fieldError = capError ?? serviceCapError;
  const otherRefusal = view.refusal && !serviceCapError ? view.refusal.message : null;

  const ask = (change: PendingChange) => {
    setPending(change);
    env.announce(confirmWords(env, usage, change, perPeriod));
  };
  const toggle = () => {
    const cap = parseSpendCap(t, shownCap, overage.accrued.amount, env.money, decimal);
    ask({ overageEnabled: !overage.enabled, spendCap: cap.ok ? cap.cents : overage.spendCap.amount });
  };
  const saveCap = () => {
    const cap = parseSpendCap(t, shownCap, overage.accrued.amount, env.money, decimal);
    if (!cap.ok) {
      setCapError(cap.message);
      env.announce(cap.message);
      return;
    }
    setCapError(null);
    ask({ overageEnabled: overage.enabled, spendCap: cap.cents });
  };
  const confirm = () => {
    if (!pending) return;
    env.post({ type: 'saveUsageSettings', requestId: newRequestId(), overageEnabled: pending.overageEnabled, spendCap: pending.spendCap });
    setPending(null);
    setCapText(null);
  };
  return (
    <div class="usage-overage card" id="usage-overage">
      <h3>{t('Overage')}</h3>
      <p class="muted">
        {overage.enabled
          ? t('On: credits beyond your plan cost {0} each, up to {1} a {2}. So far this period: {3}.', env.money(overage.pricePerCredit), env.money(overage.spendCap), perPeriod === 'year' ? t('year') : t('month'), env.money(overage.accrued))
          : t('Off: once your credits are used up, credit-consuming features stop until they reset.')}
      </p>
      <div class="field field--checkbox">
        <input
          type="checkbox"
          id="usage-overage-enabled"
          role="switch"
          checked={overage.enabled}
          aria-checked={overage.enabled ? 'true' : 'false'}
          disabled={view.saving || pending !== null}
          onClick={(e) => {
            // The change waits for the confirmation: the box shows the saved setting.
            e.preventDefault();
            toggle();
          }}
        />
        <label for="usage-overage-enabled">{t('Allow usage beyond my plan (overage)')}</label>
      </div>
      <div class={`field${fieldError ? ' has-error' : ''}`}>
        <label for="usage-spend-cap">{t('Monthly spend cap (USD)')}</label>
        <vscode-textfield
          id="usage-spend-cap"
          name="spendCap"
          value={shownCap}
          label={fieldError ? `${t('Monthly spend cap (USD)')}: ${fieldError}` : t('Monthly spend cap (USD)')}
          invalid={Boolean(fieldError)}
          aria-describedby={fieldError ? 'usage-spend-cap-error' : undefined}
          disabled={view.saving || pending !== null}
          onInput={(e) => {
            setCapText((e.currentTarget as HTMLInputElement).value);
            setCapError(null);
          }}
        />
        {fieldError && (
          <p class="field__error" id="usage-spend-cap-error">
            <Icon name="error" />
            <span>{fieldError}</span>
          </p>
        )}
        <div class="actions">
          <vscode-button secondary id="usage-save-cap" disabled={view.saving || pending !== null} onClick={saveCap}>
            {view.saving ? t('Saving…') : t('Save spend cap')}
          </vscode-button>
        </div>
      </div>
      {otherRefusal && (
        <Notice tone="error" icon="error" title={t("Couldn't save the overage settings")}>
          <p>{otherRefusal}</p>
        </Notice>
      )}
      {pending && (
        <div class="usage-confirm card" role="alertdialog" aria-labelledby="usage-confirm-title" aria-describedby="usage-confirm-text" id="usage-confirm">
          <h4 id="usage-confirm-title">{pending.overageEnabled ? t('Confirm overage') : t('Turn overage off?')}</h4>
          <p id="usage-confirm-text">{confirmWords(env, usage, pending, perPeriod)}</p>
          <div class="actions">
            <vscode-button id="usage-confirm-button" onClick={confirm}>
              {pending.overageEnabled ? (overage.enabled ? t('Save spend cap') : t('Enable overage')) : t('Turn off overage')}
            </vscode-button>
            <vscode-button secondary onClick={() => setPending(null)}>
              {t('Cancel')}
            </vscode-button>
          </div>
        </div>
      )}
    </div>
  );
}

/** The sentence a change is confirmed with: the price per credit and the cap, or what turning it off means. */
export function confirmWords(env: Pick<PanelEnv, 't' | 'money' | 'date'>, usage: Usage, change: PendingChange, perPeriod: 'month' | 'year'): string {
  const { t } = env;
  const price = usage.overage?.pricePerCredit ?? { amount: 0, currency: 'USD' };
  const cap = { amount: change.spendCap, currency: price.currency };
  if (!change.overageEnabled) return t('Once your plan credits are used up, credit-consuming features stop until {0}.', env.date(usage.periodEnd));
  if (change.spendCap === 0) return t('With a spend cap of {0}, nothing is used beyond your plan.', env.money(cap));
  return perPeriod === 'year'
    ? t('Credits beyond your plan cost {0} each, up to {1} a year.', env.money(price), env.money(cap))
    : t('Credits beyond your plan cost {0} each, up to {1} a month.', env.money(price), env.money(cap));
}
