/**
 * JSX typings for the @vscode-elements custom elements the panel uses, so
 * Preact checks their props. Preact sets a prop as a DOM property when the
 * element has it (Lit declares accessors for every reactive property), as an
 * attribute otherwise.
 */
import { type JSX } from 'preact';

type Base = JSX.HTMLAttributes<HTMLElement>;

interface ButtonProps extends Base {
  secondary?: boolean;
  disabled?: boolean;
  // No icon/iconSpin: the element's icon loads the codicon font; a ButtonIcon child draws it inline (webview/ui/parts.tsx).
  block?: boolean;
  type?: 'button' | 'submit' | 'reset';
}

interface TextfieldProps extends Omit<Base, 'label' | 'type'> {
  value?: string;
  /** Accessible name of the inner input (the element's shadow DOM hides it from <label for>). */
  label?: string;
  placeholder?: string;
  invalid?: boolean;
  required?: boolean;
  disabled?: boolean;
  maxLength?: number;
  autocomplete?: string;
  type?: 'text' | 'email' | 'tel' | 'url';
  name?: string;
}

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'vscode-button': ButtonProps;
      'vscode-textfield': TextfieldProps;
    }
  }
}
