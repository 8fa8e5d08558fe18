/** No session: what the panel is for and the one way in. */
import { usePanelEnv } from '../app/panelContext';
import { ButtonIcon, Icon } from '../ui/parts';

export function SignedOutScreen() {
  const env = usePanelEnv();
  const { t } = env;
  return (
    <div class="empty-page">
      <span class="empty-page__icon">
        <Icon name="account" />
      </span>
      <h2>{t('Sign in to manage your plan')}</h2>
      <p>{t('See your subscription, payment method, billing information and invoices here.')}</p>
      <div class="actions">
        <vscode-button onClick={() => env.post({ type: 'signIn' })}>
          <ButtonIcon name="sign-in" />
          {t('Sign in')}
        </vscode-button>
      </div>
    </div>
  );
}
