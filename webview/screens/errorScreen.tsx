/** No account data could be loaded: the reason in words and Retry. */
import { type PanelError } from '../../shared/panelProtocol';
import { usePanelEnv } from '../app/panelContext';
import { errorKindSentence } from '../../shared/errorKinds';
import { ButtonIcon, Icon } from '../ui/parts';

export function ErrorScreen({ error, retrying }: { error: PanelError; retrying: boolean }) {
  const env = usePanelEnv();
  const { t } = env;
  const reason = errorKindSentence(t, error.kind);
  return (
    <div class="empty-page">
      <span class="empty-page__icon empty-page__icon--error">
        <Icon name={error.kind === 'offline' ? 'debug-disconnect' : 'error'} />
      </span>
      <h2>{t("Couldn't load your account")}</h2>
      <p>{reason}</p>
      {error.message && error.message !== reason && <p class="muted details">{error.message}</p>}
      <div class="actions">
        {error.kind === 'unauthorized' && (
          <vscode-button onClick={() => env.post({ type: 'signIn' })}>
            <ButtonIcon name="sign-in" />
            {t('Sign in')}
          </vscode-button>
        )}
        <vscode-button
          secondary={error.kind === 'unauthorized'}
          aria-busy={retrying ? 'true' : 'false'}
          onClick={() => env.post({ type: 'refresh' })}
        >
          <ButtonIcon name="refresh" spin={retrying} />
          {retrying ? t('Retrying…') : t('Retry')}
        </vscode-button>
      </div>
    </div>
  );
}
