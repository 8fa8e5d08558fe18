/** Small presentational pieces shared by the panel's sections. */
import { type ComponentChildren } from 'preact';
import { CODICON_SHAPES, type IconName } from './codiconShapes';

/**
 * A codicon drawn as inline SVG (webview/ui/codiconShapes.ts): the panel loads
 * no font or other file after its document (docs/architecture.md, "Panel
 * lifetime"). Decorative, so hidden from assistive technology.
 */
export function Icon({ name, spin = false }: { name: IconName; spin?: boolean }) {
  const shape = CODICON_SHAPES[name];
  return (
    <svg
      class={`codicon codicon-${name}${spin ? ' codicon-modifier-spin' : ''}`}
      viewBox={shape.viewBox}
      fill="currentColor"
      aria-hidden="true"
      focusable="false"
    >
      {shape.paths.map((path) => (
        <path key={path.d} d={path.d} fill-rule={'evenOdd' in path ? 'evenodd' : undefined} clip-rule={'evenOdd' in path ? 'evenodd' : undefined} />
      ))}
    </svg>
  );
}

/** The icon at the start of a vscode-button's label (the element's own icon would load the codicon font). */
export function ButtonIcon({ name, spin = false }: { name: IconName | undefined; spin?: boolean }) {
  return name ? <Icon name={name} spin={spin} /> : null;
}

export type Tone = 'success' | 'info' | 'warning' | 'error' | 'neutral' | 'draft';

/** A status badge: colour, icon and word together, so no state relies on colour alone. */
export function Badge({ tone, icon, children }: { tone: Tone; icon: IconName; children: ComponentChildren }) {
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
  icon: IconName;
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
