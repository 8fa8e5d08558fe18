/** The pieces every view beside the overview has: a way back and a heading that takes focus when the view opens. */
import { type ComponentChildren } from 'preact';
import { ButtonIcon } from '../ui/parts';

/** The element focus moves to when a view opens (its heading). */
export const VIEW_HEADING_ATTRIBUTE = 'data-view-heading';

export function BackButton({ label, onBack }: { label: string; onBack(): void }) {
  return (
    <div class="view__nav">
      <vscode-button secondary onClick={onBack}>
        <ButtonIcon name="arrow-left" />
        {label}
      </vscode-button>
    </div>
  );
}

/** The view's h2; focusable by script only (tabindex -1), so opening the view lands screen readers on it. */
export function ViewHeading({ id, children, after }: { id: string; children: ComponentChildren; after?: ComponentChildren }) {
  return (
    <div class="section__header view__header">
      <h2 id={id} tabIndex={-1} {...{ [VIEW_HEADING_ATTRIBUTE]: '' }}>
        {children}
      </h2>
      {after}
    </div>
  );
}
