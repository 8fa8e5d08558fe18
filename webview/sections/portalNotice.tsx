/** "Waiting for the payment portal…" while the host polls, then the confirmation; both dismissable. */
import { type PortalView } from '../../shared/panelProtocol';
import { usePanelEnv } from '../app/panelContext';
import { Notice } from '../ui/parts';

export function PortalNotice({ portal }: { portal: PortalView }) {
  const env = usePanelEnv();
  const { t } = env;
  const dismiss = (
    <vscode-button secondary onClick={() => env.post({ type: 'dismissPortalNotice' })}>
      {t('Dismiss')}
    </vscode-button>
  );
  if (portal.confirmation) {
    return (
      <Notice tone="success" icon="pass" title={portal.confirmation} actions={dismiss} class="portal-notice" />
    );
  }
  if (portal.waiting) {
    return (
      <Notice
        tone="info"
        icon="loading"
        iconSpin
        title={t('Waiting for the payment portal…')}
        actions={dismiss}
        class="portal-notice"
      >
        <p>{t('Finish in your browser. This page updates by itself when the change arrives.')}</p>
      </Notice>
    );
  }
  return null;
}
