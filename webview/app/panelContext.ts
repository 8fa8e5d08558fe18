/**
 * What every part of the panel needs besides its data: words, formatting in
 * the display language, the current time, and the way to tell the host.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { type Money } from '../../shared/contract/common';
import { type WebviewToHostMessage } from '../../shared/panelProtocol';
import { formatDate, formatDateTime, formatMoney, formatRelativeTime } from '../format';
import { type Translate } from '../../shared/l10n';

export interface PanelEnv {
  t: Translate;
  locale: string;
  /** The time relative texts are computed against (ticks while the panel is open). */
  now: number;
  post(message: WebviewToHostMessage): void;
  /** Tells assistive technology about a status change (the page's polite live region). */
  announce(text: string): void;
  money(money: Money): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  relative(iso: string): string;
}

export function createPanelEnv(
  base: Pick<PanelEnv, 't' | 'locale' | 'now' | 'post' | 'announce'>,
): PanelEnv {
  const { locale, now } = base;
  return {
    ...base,
    money: (money) => formatMoney(money, locale),
    date: (iso) => formatDate(iso, locale),
    dateTime: (iso) => formatDateTime(iso, locale),
    relative: (iso) => formatRelativeTime(iso, now, locale),
  };
}

export const PanelEnvContext = createContext<PanelEnv | null>(null);

export function usePanelEnv(): PanelEnv {
  const env = useContext(PanelEnvContext);
  if (!env) throw new Error('usePanelEnv: no PanelEnvContext provider');
  return env;
}
