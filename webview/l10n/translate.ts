/**
 * The webview's one translation function, backed by the bundle the host embeds
 * (vscode.l10n format: the English text is the key and the fallback).
 */

import { formatEnglish, type Translate } from '../../shared/l10n';


export function createTranslator(bundle: Readonly<Record<string, string>>): Translate {
  return (english, ...args) => formatEnglish(Object.prototype.hasOwnProperty.call(bundle, english) ? bundle[english]! : english, ...args);
}
