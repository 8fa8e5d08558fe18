/**
 * The translation function every part passes to shared wording: the English
 * text is the key and the fallback, with `{0}`-style placeholders, as
 * vscode.l10n does. Shared wording calls `t` with string literals so the l10n
 * bundle can be extracted from the source.
 */
export type Translate = (message: string, ...args: ReadonlyArray<string | number | boolean>) => string;

/** Fills `{0}`, `{1}`… of an English template; unknown placeholders stay visible rather than vanish. */
export function formatEnglish(message: string, ...args: ReadonlyArray<string | number | boolean>): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}
