/**
 * Helpers of the integration tests that drive the Manage Plan panel: what the
 * host posted to its webview, a panel showing a given account, and a second
 * card put on file through the portal the way a browser would.
 */
import * as vscode from 'vscode';
import { ApiPaths } from '../../../shared/contract/paths';
import { type PortalSession } from '../../../shared/contract/portal';
import { type HostToWebviewMessage, type PanelViewState } from '../../../shared/panelProtocol';
import { CommandIds, EXTENSION_ID, UriPaths } from '../../../shared/productIdentity';
import { addCard, type PortalCard, type PortalResult } from '../../support/portalDriver';
import { planBilling, sandboxUrl, signInAs, until } from './planBilling';

export type Posted<T extends HostToWebviewMessage['type']> = Extract<HostToWebviewMessage, { type: T }>;

export const isState = (m: HostToWebviewMessage): m is Posted<'state'> => m.type === 'state';

/** The messages posted since a moment, e.g. the reply to what a test sent then. */
export type Mark = () => readonly HostToWebviewMessage[];

/**
 * A mark at the newest posted message. The hooks keep only the last hundred
 * messages, so a count would stop moving once that many were posted; the
 * message itself is found again instead.
 */
export async function mark(): Promise<Mark> {
  const { t } = await planBilling();
  const last = t.panel.posted().at(-1);
  return () => {
    const all = t.panel.posted();
    return all.slice(last ? all.lastIndexOf(last) + 1 : 0);
  };
}

/** The newest posted message matching `pick` (since `since`, when given), once there is one. */
export async function posted<T extends HostToWebviewMessage>(pick: (m: HostToWebviewMessage) => m is T, what: string, since?: Mark, timeoutMs?: number): Promise<T> {
  const { t } = await planBilling();
  return until(() => (since ? since() : t.panel.posted()).filter(pick).at(-1), what, timeoutMs);
}

/** The newest posted panel state once it satisfies `predicate`. */
export async function stateWhere(predicate: (state: PanelViewState) => boolean, what: string, timeoutMs?: number): Promise<PanelViewState> {
  const { t } = await planBilling();
  return until(
    () => {
      const state = t.panel.posted().filter(isState).at(-1)?.state;
      return state && predicate(state) ? state : undefined;
    },
    what,
    timeoutMs,
  );
}

/**
 * Signs in as `email` and resolves once the panel rendered that account's data:
 * a panel left open re-renders on the sign-in, otherwise Manage Plan opens one.
 */
export async function showPanelAs(email: string): Promise<Awaited<ReturnType<typeof signInAs>>> {
  const { t } = await planBilling();
  const rendered = t.panel.waitForRender((hasData) => hasData, 30_000);
  const session = await signInAs(email);
  if (!t.panel.isOpen()) await vscode.commands.executeCommand(CommandIds.managePlan);
  if (!(await rendered)) throw new Error(`The Manage Plan panel did not render ${email}'s data within 30000 ms`);
  return session;
}

/** Test setup: adds a card through the portal's Add flow over plain HTTP, with the test's own token. */
export async function addCardInPortal(accessToken: string, card: PortalCard, options: { makeDefault?: boolean } = {}): Promise<PortalResult> {
  const res = await fetch(`${sandboxUrl()}${ApiPaths.portalSessions}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ flow: 'payment_method_add', returnUrl: `vscode://${EXTENSION_ID}${UriPaths.portalReturn}` }),
  });
  if (!res.ok) throw new Error(`POST ${ApiPaths.portalSessions} answered ${res.status}: ${await res.text()}`);
  const session = (await res.json()) as PortalSession;
  return addCard(session.url, card, options);
}
