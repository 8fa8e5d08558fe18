/** The profile status-bar item: id "profile", named, clickable (Manage Plan), rendered from the snapshot. */
import * as vscode from 'vscode';
import { type AccountView } from '../account/accountInterfaces';
import { t } from '../l10n/localize';
import { CommandIds, STATUS_ITEM_ID } from '../../shared/productIdentity';
import { type Clock } from '../util/clock';
import { DisposableStore } from '../util/disposables';
import { Timer } from '../util/timer';
import { type UsageView } from '../usage/usageStore';
import { serviceUrlRefusedContent, type StatusBarContent, statusBarContent, TOOLTIP_COMMANDS } from './statusBarContent';

export interface ProfileStatusItemDeps {
  readonly account: AccountView;
  /** "Checked 5 minutes ago", days left in a trial. */
  readonly clock: Clock;
  /** Why planBilling.serviceUrl is refused, or undefined when it is usable. */
  readonly serviceProblem: () => string | undefined;
  /** The period's credits: what is left from 75 % used, used / included in the tooltip. */
  readonly usage?: UsageView;
}

/** Opens the user setting, where a refused service URL is fixed. */
const OPEN_SERVICE_URL_SETTING: vscode.Command = { command: 'workbench.action.openSettings', title: 'planBilling.serviceUrl', arguments: ['planBilling.serviceUrl'] };

export class ProfileStatusItem implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly item: vscode.StatusBarItem;
  private content: StatusBarContent | undefined;
  private readonly tooltipTimer = this.disposables.add(new Timer());

  constructor(private readonly deps: ProfileStatusItemDeps) {
    this.item = this.disposables.add(vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, 100));
    this.item.name = t('Plan & Billing');
    // At activation the tooltip follows a tick later (StatusBarContent.tooltip: its first Intl use is not activation's to pay).
    this.render(true);
    this.item.show();
    this.disposables.add(deps.account.onDidChange(() => this.render()));
    if (deps.usage) this.disposables.add(deps.usage.onDidChange(() => this.render()));
  }

  /** What the item shows now (the test accessor reads it; there is no API to read another extension's item). */
  get current(): { text: string; tooltip: string; accessibilityLabel: string; warning: boolean } {
    return this.content ?? this.compute();
  }

  /** Renders from the snapshot, or the refused service URL (call it when the setting changed). */
  render(deferTooltip = false): void {
    const problem = this.deps.serviceProblem();
    const content = this.compute(problem);
    this.content = content;
    this.item.command = problem === undefined ? CommandIds.managePlan : OPEN_SERVICE_URL_SETTING;
    this.item.text = content.text;
    this.item.accessibilityInformation = { label: content.accessibilityLabel, role: 'button' };
    this.item.backgroundColor = content.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    if (!deferTooltip) this.setTooltip(content);
    else
      this.tooltipTimer.set(0, () => {
        if (this.content === content) this.setTooltip(content);
      });
  }

  private setTooltip(content: StatusBarContent): void {
    const tooltip = new vscode.MarkdownString(content.tooltip, true);
    // Trusted only for our own command links; any other command URI stays inert.
    tooltip.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
    tooltip.supportThemeIcons = true;
    this.item.tooltip = tooltip;
  }

  private compute(problem = this.deps.serviceProblem()): StatusBarContent {
    return problem === undefined ? statusBarContent(this.deps.account.snapshot, this.deps.clock.now(), { locale: vscode.env.language }, this.deps.usage?.usage) : serviceUrlRefusedContent(problem);
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
