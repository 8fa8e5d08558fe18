/** Shows the notifications planned by notificationRules for each verified change, once each. */
import * as vscode from 'vscode';
import { type SnapshotChange } from '../account/accountSnapshot';
import { type AccountStore } from '../account/accountStore';
import { type CommandId, CommandIds } from '../../shared/productIdentity';
import { type Logger } from '../logging/logger';
import { type Prompter } from '../ui/prompter';
import { DisposableStore } from '../util/disposables';
import { type KeyValueStore, StorageKeys } from '../util/storage';
import { EMPTY_MEMORY, type NotificationAction, notificationActionTitle, type NotificationMemory, planNotifications } from './notificationRules';

const ACTION_COMMANDS: Record<NotificationAction, CommandId> = {
  updatePaymentMethod: CommandIds.updatePaymentMethod,
  payBalance: CommandIds.payOutstandingBalance,
  managePlan: CommandIds.managePlan,
};

export class Notifier implements vscode.Disposable {
  private readonly disposables = new DisposableStore();

  constructor(
    store: AccountStore,
    private readonly state: KeyValueStore,
    private readonly prompter: Prompter,
    private readonly logger: Logger,
    private readonly muteNonCritical: () => boolean,
  ) {
    this.disposables.add(store.onDidChange((change) => this.onChange(change)));
  }

  private onChange(change: SnapshotChange): void {
    const memory = this.state.get<NotificationMemory>(StorageKeys.notificationMemory) ?? EMPTY_MEMORY;
    const planned = planNotifications(change, memory, { muteNonCritical: this.muteNonCritical(), now: Date.now(), format: { locale: vscode.env.language } });
    if (planned.memory !== memory) void this.state.update(StorageKeys.notificationMemory, planned.memory);
    for (const n of planned.notifications) {
      this.logger.info(`Notification: ${n.id}`);
      const titles = n.actions.map((a) => notificationActionTitle(a));
      void this.prompter.show(n.severity, n.message, {}, titles).then((choice) => {
        const action = n.actions.find((a) => notificationActionTitle(a) === choice);
        if (action) void vscode.commands.executeCommand(ACTION_COMMANDS[action]);
      });
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
