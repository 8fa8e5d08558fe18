/**
 * User-facing strings of the extension host go through `t`, which the
 * composition root points at `vscode.l10n.t`. Pure modules (status-bar text,
 * notifications, gate wording…) import `t` from here so they stay free of the
 * `vscode` module and unit-testable; without a translator they format English,
 * with `{0}`-style placeholders like vscode.l10n.
 */
import { formatEnglish, type Translate } from '../../shared/l10n';

let translate: Translate = formatEnglish;

/** Called once by the composition root with `vscode.l10n.t`. */
export function useTranslator(fn: Translate): void {
  translate = fn;
}

export function t(message: string, ...args: Array<string | number | boolean>): string {
  return translate(message, ...args);
}
