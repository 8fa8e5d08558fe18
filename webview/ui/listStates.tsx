/** What every list the host fetches shows around its rows: why a fetch failed (with Try again), and Load more. */
import { type PanelError } from '../../shared/panelProtocol';
import { errorKindSentence } from '../../shared/errorKinds';
import { usePanelEnv } from '../app/panelContext';
import { ButtonIcon, Notice } from './parts';

/** `sentence`: words of the host's own, when they say more than the error's kind. */
export function LoadError({ title, error, onRetry, sentence }: { title: string; error: PanelError; onRetry(): void; sentence?: string }) {
  const { t } = usePanelEnv();
  return (
    <Notice
      tone="error"
      icon="error"
      title={title}
      actions={
        <vscode-button secondary onClick={onRetry}>
          {t('Try again')}
        </vscode-button>
      }
    >
      <p>{sentence ?? errorKindSentence(t, error.kind)}</p>
    </Notice>
  );
}

/**
 * The end of a paged list: the failure (Try again fetches the page again) or
 * Load more while there is more; nothing while a page loads (its loading row says so).
 */
export function PagedListEnd({ view, errorTitle, onMore }: { view: { hasMore: boolean; loading: boolean; error: PanelError | null }; errorTitle: string; onMore(): void }) {
  const { t } = usePanelEnv();
  if (view.loading) return null;
  if (view.error) return <LoadError title={errorTitle} error={view.error} onRetry={onMore} />;
  if (!view.hasMore) return null;
  return (
    <div class="actions">
      <vscode-button secondary onClick={onMore}>
        <ButtonIcon name="chevron-down" />
        {t('Load more')}
      </vscode-button>
    </div>
  );
}
