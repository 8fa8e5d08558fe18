/** The first open without cached data: the page's shape in placeholders, announced as busy. */
import { usePanelEnv } from '../app/panelContext';
import { Icon } from '../ui/parts';

export function LoadingScreen({ checking }: { checking: boolean }) {
  const { t } = usePanelEnv();
  return (
    <div class="skeleton" aria-busy="true">
      <p class="skeleton__status">
        <Icon name="loading" spin />
        <span>{checking ? t('Checking your plan…') : t('Loading your account…')}</span>
      </p>
      {[0, 1, 2].map((i) => (
        <div class="skeleton__section" key={i} aria-hidden="true">
          <div class="skeleton__bar skeleton__bar--heading" />
          <div class="skeleton__card">
            <div class="skeleton__bar skeleton__bar--wide" />
            <div class="skeleton__bar" />
            <div class="skeleton__bar skeleton__bar--short" />
          </div>
        </div>
      ))}
    </div>
  );
}
