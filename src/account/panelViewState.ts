/**
 * Builds the panel's PanelViewState (src/panel/protocol.ts) from the store
 * snapshot plus the panel's own invoice and portal state. Pure.
 */
import { type InvoicesView, type PanelViewState, type PortalView } from '../../shared/panelProtocol';
import { type AccountSnapshot } from './accountSnapshot';

export const EMPTY_INVOICES: InvoicesView = { items: [], hasMore: false, loading: false, error: null };
export const IDLE_PORTAL: PortalView = { waiting: false, flow: null, confirmation: null };

export function toPanelViewState(s: AccountSnapshot, invoices: InvoicesView = EMPTY_INVOICES, portal: PortalView = IDLE_PORTAL): PanelViewState {
  return {
    kind: s.kind,
    account: s.signedIn ? s.account : null,
    lastVerifiedAt: s.lastVerifiedAt !== undefined ? new Date(s.lastVerifiedAt).toISOString() : null,
    stale: s.stale,
    offlineUntil: s.offlineUntil !== undefined ? new Date(s.offlineUntil).toISOString() : null,
    refreshing: s.refreshing,
    error: s.error,
    invoices: s.signedIn ? invoices : EMPTY_INVOICES,
    portal: s.signedIn ? portal : IDLE_PORTAL,
  };
}
