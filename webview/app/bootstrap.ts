/** Reads the `PanelBootstrap` the host embedded in the page (see src/panel/panelHtml.ts). */
import { type PanelBootstrap } from '../../shared/panelProtocol';
import { PANEL_BOOTSTRAP_ID } from '../../shared/panelDocument';

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

/** The embedded bootstrap; English in the document's language when it is missing or unreadable. */
export function readBootstrap(doc: Document): PanelBootstrap {
  const fallbackLocale = doc.documentElement.lang || 'en';
  const text = doc.getElementById(PANEL_BOOTSTRAP_ID)?.textContent;
  if (!text) return { locale: fallbackLocale, l10n: {} };
  try {
    const parsed: unknown = JSON.parse(text);
    const candidate = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Partial<Record<string, unknown>>;
    return {
      locale: typeof candidate.locale === 'string' && candidate.locale ? candidate.locale : fallbackLocale,
      l10n: isStringRecord(candidate.l10n) ? candidate.l10n : {},
    };
  } catch {
    return { locale: fallbackLocale, l10n: {} };
  }
}

/** A locale Intl accepts: the given one when supported, else English. */
export function usableLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}
