/**
 * The webview's one translation function, backed by the bundle the host embeds
 * (vscode.l10n format: the English text is the key and the fallback).
 */

export type Translate = (english: string, ...args: ReadonlyArray<string | number>) => string;

export function createTranslator(bundle: Readonly<Record<string, string>>): Translate {
  return (english, ...args) => {
    const template = Object.prototype.hasOwnProperty.call(bundle, english) ? bundle[english] : english;
    // {0}, {1}… as vscode.l10n does; unknown placeholders stay visible rather than vanish.
    return template.replace(/\{(\d+)\}/g, (placeholder, index: string) => {
      const value = args[Number(index)];
      return value === undefined ? placeholder : String(value);
    });
  };
}
