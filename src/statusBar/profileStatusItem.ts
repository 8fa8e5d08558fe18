/** The profile status-bar item: id "profile", named, clickable (Manage Plan), rendered from the snapshot. */
import * as vscode from 'vscode';
import { type AccountView } from '../account/accountInterfaces';
import { t } from '../l10n/localize';
import { CommandIds, STATUS_ITEM_ID } from '../../shared/productIdentity';
import { type Clock } from '../util/clock';
import { DisposableStore } from '../util/disposables';
import { type StatusBarContent, statusBarContent, TOOLTIP_COMMANDS } from './statusBarContent';

export interface ProfileStatusItemDeps {
  readonly account: AccountView;
  /** "Checked 5 minutes ago", days left in a trial. */
  readonly clock: Clock;
}

export class ProfileStatusItem implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly item: vscode.StatusBarItem;
  private content: StatusBarContent | undefined;

  constructor(private readonly deps: ProfileStatusItemDeps) {
    this.item = this.disposables.add(vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, 100));
    this.item.name = t('Plan & Billing');
    this.item.command = CommandIds.managePlan;
    this.render();
    this.item.show();
    this.disposables.add(deps.account.onDidChange(() => this.render()));
  }

  /** What the item shows now (the test accessor reads it; there is no API to read another extension's item). */
  get current(): { text: string; tooltip: string; accessibilityLabel: string; warning: boolean } {
    return this.content ?? statusBarContent(this.deps.account.snapshot, this.deps.clock.now());
  }

  render(): void {
    const content = statusBarContent(this.deps.account.snapshot, this.deps.clock.now(), { locale: vscode.env.language });
    this.content = content;
    this.item.text = content.text;
    this.item.accessibilityInformation = { label: content.accessibilityLabel, role: 'button' };
    const tooltip = new vscode.MarkdownString(content.tooltip, true);
    // Trusted only for our own command links; any other command URI stays inert.
    tooltip.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
    tooltip.supportThemeIcons = true;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = content.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
