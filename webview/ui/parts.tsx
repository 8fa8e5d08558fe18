/** Small presentational pieces shared by the panel's sections. */
import { type ComponentChildren } from 'preact';

/** A codicon from the locally served codicon font; decorative, so hidden from assistive technology. */
export function Icon({ name, spin = false }: { name: string; spin?: boolean }) {
  return <span class={`codicon codicon-${name}${spin ? ' codicon-modifier-spin' : ''}`} aria-hidden="true" />;
}

export type Tone = 'success' | 'info' | 'warning' | 'error' | 'neutral' | 'draft';

/** A status badge: colour, icon and word together, so no state relies on colour alone. */
export function Badge({ tone, icon, children }: { tone: Tone; icon: string; children: ComponentChildren }) {
  return (
    <span class={`badge badge--${tone}`}>
      <Icon name={icon} />
      <span>{children}</span>
    </span>
  );
}

/** A message bar (info, warning, error or success) with optional actions. */
export function Notice(props: {
  tone: 'info' | 'warning' | 'error' | 'success';
  icon: string;
  iconSpin?: boolean;
  title?: ComponentChildren;
  children?: ComponentChildren;
  actions?: ComponentChildren;
  /** Makes the notice a named region landmark (the past-due banner); status changes are announced through the live region instead of role=alert. */
  label?: string;
  class?: string;
}) {
  return (
    <div
      class={`notice notice--${props.tone}${props.class ? ` ${props.class}` : ''}`}
      role={props.label ? 'region' : undefined}
      aria-label={props.label}
    >
      <span class="notice__icon">
        <Icon name={props.icon} spin={props.iconSpin} />
      </span>
      <div class="notice__body">
        {props.title && <p class="notice__title">{props.title}</p>}
        {props.children}
        {props.actions && <div class="notice__actions">{props.actions}</div>}
      </div>
    </div>
  );
}

/** A titled section of the page; `headerAction` sits at the right of the heading. */
export function Section(props: {
  id: string;
  title: string;
  headerAction?: ComponentChildren;
  children: ComponentChildren;
}) {
  const headingId = `${props.id}-heading`;
  return (
    <section class="section" id={props.id} aria-labelledby={headingId}>
      <div class="section__header">
        <h2 id={headingId}>{props.title}</h2>
        {props.headerAction}
      </div>
      {props.children}
    </section>
  );
}

/** A term/value pair in a fact list (`<dl class="facts">`). */
export function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div class="facts__row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
