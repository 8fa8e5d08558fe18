/** The page header: who is signed in, how fresh the data is, Refresh; and the stale/offline notice under it. */
import { type PanelViewState } from '../../shared/panelProtocol';
import { usePanelEnv } from '../app/panelContext';
import { errorKindSentence } from '../../shared/errorKinds';
import { ButtonIcon, Icon, Notice } from '../ui/parts';

/** `state` is null until the host's first state arrives. */
export function Header({ state }: { state: PanelViewState | null }) {
  const env = usePanelEnv();
  const { t } = env;
  const email = state && state.kind !== 'signedOut' ? state.account?.user.email : null;
  // With no account shown there is nothing to refresh: the error screen has its own Retry.
  const canRefresh = state !== null && state.kind !== 'signedOut' && state.account !== null;
  return (
    <header class="page-header">
      <div class="page-header__titles">
        <h1>{t('Plan & Billing')}</h1>
        {state && email && (
          <p class="page-header__meta">
            <span class="page-header__email">
              <Icon name="account" />
              <span>{email}</span>
            </span>
            <Freshness state={state} />
          </p>
        )}
      </div>
      {state && canRefresh && (
        <vscode-button
          secondary
          aria-busy={state.refreshing ? 'true' : 'false'}
          title={t('Get the latest account information from the billing service')}
          onClick={() => env.post({ type: 'refresh' })}
        >
          <ButtonIcon name="refresh" spin={state.refreshing} />
          {state.refreshing ? t('Refreshing…') : t('Refresh')}
        </vscode-button>
      )}
    </header>
  );
}

function Freshness({ state }: { state: PanelViewState }) {
  const { t, relative, dateTime, date } = usePanelEnv();
  if (!state.lastVerifiedAt) return null;
  const when = relative(state.lastVerifiedAt);
  return (
    <span class={`page-header__freshness${state.stale ? ' is-stale' : ''}`} title={dateTime(state.lastVerifiedAt)}>
      {state.stale && <Icon name="warning" />}
      <span>{state.stale ? t('Last verified {0}', when) : t('Last updated {0}', when)}</span>
      {state.offlineUntil && (
        <>
          <span aria-hidden="true">·</span>
          <span>{t('works offline until {0}', date(state.offlineUntil))}</span>
        </>
      )}
    </span>
  );
}

/** Shown when the last refresh failed and the page shows the last verified state. */
export function StaleNotice({ state }: { state: PanelViewState }) {
  const { t } = usePanelEnv();
  if (!state.stale || !state.account) return null;
  const offline = state.error?.kind === 'offline';
  return (
    <Notice
      tone="warning"
      icon={offline ? 'debug-disconnect' : 'warning'}
      title={offline ? t("You're offline") : t("Couldn't refresh")}
    >
      <p>
        {state.error ? `${errorKindSentence(t, state.error.kind)} ` : ''}
        {t('This page shows the last verified information.')}
      </p>
    </Notice>
  );
}
