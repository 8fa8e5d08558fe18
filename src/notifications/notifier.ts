/** Shows the notifications planned by notificationRules for each verified change, once each. */
import * as vscode from 'vscode';
import { type AccountView } from '../account/accountInterfaces';
import { type SnapshotChange } from '../account/accountSnapshot';
import { type CommandId, CommandIds } from '../../shared/productIdentity';
import { type Logger } from '../logging/logger';
import { type Prompter } from '../ui/prompter';
import { type Clock } from '../util/clock';
import { DisposableStore } from '../util/disposables';
import { type NotificationMemoryStore } from './notificationMemory';
import { type NotificationAction, notificationActionTitle, planNotifications } from './notificationRules';

const ACTION_COMMANDS: Record<NotificationAction, CommandId> = {
  updatePaymentMethod: CommandIds.updatePaymentMethod,
  addPaymentMethod: CommandIds.addPaymentMethod,
  payBalance: CommandIds.payOutstandingBalance,
  managePlan: CommandIds.managePlan,
};

export interface NotifierDeps {
  readonly account: AccountView;
  /** Which notifications were already shown. */
  readonly memory: NotificationMemoryStore;
  readonly prompter: Prompter;
  readonly logger: Logger;
  readonly muteNonCritical: () => boolean;
  readonly clock: Clock;
}

export class Notifier implements vscode.Disposable {
  private readonly disposables = new DisposableStore();

  constructor(private readonly deps: NotifierDeps) {
    this.disposables.add(deps.account.onDidChange((change) => this.onChange(change)));
  }

  private onChange(change: SnapshotChange): void {
    const { memory: store, prompter, logger } = this.deps;
    const memory = store.read();
    const planned = planNotifications(change, memory, { muteNonCritical: this.deps.muteNonCritical(), now: this.deps.clock.now(), format: { locale: vscode.env.language } });
    if (planned.memory !== memory) void store.write(planned.memory);
    for (const n of planned.notifications) {
      logger.info(`Notification: ${n.id}`);
      const titles = n.actions.map((a) => notificationActionTitle(a));
      void prompter.show(n.severity, n.message, {}, titles).then((choice) => {
        const action = n.actions.find((a) => notificationActionTitle(a) === choice);
        if (action) void vscode.commands.executeCommand(ACTION_COMMANDS[action]);
      });
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
