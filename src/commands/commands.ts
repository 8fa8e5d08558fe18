/**
 * Registers the contributed commands. The Manage Plan panel plugs in through
 * the PanelOpener seam at the composition root.
 */
import * as vscode from 'vscode';
import { type PortalFlow } from '../../shared/contract/portal';
import { errorMessage } from '../api/apiError';
import { type ServiceUrlCheck } from '../config/serviceUrl';
import { type AccountRefresher, type AccountView } from '../account/accountInterfaces';
import { t } from '../l10n/localize';
import { type Logger } from '../logging/logger';
import { type PortalOpener } from '../portal/portalOpener';
import { type Prompter } from '../ui/prompter';
import { type Clock } from '../util/clock';
import { reportFailure } from '../ui/failureReport';
import { buildSupportInfo } from './supportInfo';
import { CommandIds } from '../../shared/productIdentity';

/** Opens (or reveals) the Manage Plan panel. */
export interface PanelOpener {
  open(): Promise<void>;
}

export interface CommandDeps {
  readonly account: AccountView & AccountRefresher;
  readonly portal: Pick<PortalOpener, 'open'>;
  readonly prompter: Prompter;
  readonly logger: Logger;
  readonly output: vscode.LogOutputChannel;
  readonly panel: PanelOpener;
  readonly signIn: () => Promise<unknown>;
  readonly signOut: () => Promise<void>;
  readonly requireEntitlement: (feature: string) => Promise<boolean>;
  readonly serviceUrl: () => ServiceUrlCheck;
  readonly extensionVersion: string;
  readonly clock: Clock;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { account, prompter, logger } = deps;

  /** Runs a command body, turning failures into one readable message (never an unhandled rejection). */
  const guarded =
    <A extends unknown[], R>(name: string, body: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await body(...args);
      } catch (error) {
        reportFailure(name, error, { logger, prompter });
        return undefined;
      }
    };

  const openPortal = (flow: PortalFlow) =>
    guarded(flow, async () => {
      const result = await deps.portal.open(flow);
      if (!result.opened) {
        void prompter.show('error', t("Plan & Billing: the payment portal couldn't be opened."), {}, []);
        return;
      }
      const { watch } = result;
      void watch.accountChanged.then((changed) => {
        watch.dispose();
        if (changed) logger.info(`Portal flow ${flow}: the account changed`);
      });
    });

  return [
    vscode.commands.registerCommand(CommandIds.managePlan, guarded('managePlan', () => deps.panel.open())),
    vscode.commands.registerCommand(CommandIds.signIn, guarded('signIn', async () => void (await deps.signIn()))),
    vscode.commands.registerCommand(CommandIds.signOut, guarded('signOut', () => deps.signOut())),
    vscode.commands.registerCommand(
      CommandIds.refresh,
      guarded('refresh', async () => {
        const outcome = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: t('Refreshing plan…') },
          () => account.refresh('manual'),
        );
        if (outcome.status === 'failed') {
          void prompter.show('warning', t('Plan & Billing: {0} Showing the last verified state.', errorMessage(outcome.error)), {}, []);
        }
        return outcome;
      }),
    ),
    vscode.commands.registerCommand(CommandIds.updatePaymentMethod, openPortal('payment_method_update')),
    vscode.commands.registerCommand(CommandIds.addPaymentMethod, openPortal('payment_method_add')),
    vscode.commands.registerCommand(CommandIds.payOutstandingBalance, openPortal('pay_outstanding_balance')),
    vscode.commands.registerCommand(
      CommandIds.copySupportInfo,
      guarded('copySupportInfo', async () => {
        const text = buildSupportInfo({
          extensionVersion: deps.extensionVersion,
          editorName: vscode.env.appName,
          editorVersion: vscode.version,
          uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
          platform: `${process.platform}-${process.arch}`,
          serviceUrl: deps.serviceUrl(),
          snapshot: account.snapshot,
          now: deps.clock.now(),
        });
        await vscode.env.clipboard.writeText(text);
        void prompter.show('info', t('Plan & Billing support info copied to the clipboard.'), {}, []);
        return text;
      }),
    ),
    vscode.commands.registerCommand(CommandIds.showLogs, () => deps.output.show(true)),
    vscode.commands.registerCommand(CommandIds.requireEntitlement, (feature: unknown) =>
      deps.requireEntitlement(typeof feature === 'string' ? feature : ''),
    ),
  ];
}
