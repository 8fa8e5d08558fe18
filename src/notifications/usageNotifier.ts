/** Shows the usage alerts planned by usageAlerts for each verified usage, once each per period (globalState). */
import * as vscode from 'vscode';
import { type PlanId } from '../../shared/contract/planId';
import { type Logger } from '../logging/logger';
import { type Prompter } from '../ui/prompter';
import { actionTitle } from '../usage/quotaWording';
import { type UsageView } from '../usage/usageStore';
import { DisposableStore } from '../util/disposables';
import { type UsageAlertMemoryStore } from './notificationMemory';
import { planUsageAlerts } from './usageAlerts';

export interface UsageNotifierDeps {
  readonly usage: UsageView;
  readonly memory: UsageAlertMemoryStore;
  readonly prompter: Prompter;
  readonly logger: Logger;
  /** planBilling.notifications.muteUsageAlerts. */
  readonly muted: () => boolean;
  /** Enable overage / Raise spend cap: the panel's Usage section. */
  readonly openUsage: () => Promise<void>;
  /** Upgrade: the panel's Change plan view. */
  readonly openPlans: (highlight: PlanId) => Promise<void>;
}

export class UsageNotifier implements vscode.Disposable {
  private readonly disposables = new DisposableStore();

  constructor(private readonly deps: UsageNotifierDeps) {
    this.disposables.add(deps.usage.onDidChange(({ usage, stale }) => {
      if (usage && !stale) this.check();
    }));
  }

  private check(): void {
    const { usage: view, memory: store, prompter, logger } = this.deps;
    const usage = view.usage;
    if (!usage) return;
    const memory = store.read();
    const planned = planUsageAlerts(usage, memory, { muted: this.deps.muted(), format: { locale: vscode.env.language } });
    if (planned.memory !== memory) void store.write(planned.memory);
    for (const alert of planned.alerts) {
      logger.info(`Notification: ${alert.id}`);
      const titles = alert.actions.map((a) => actionTitle(a, alert.upgradeTo));
      void prompter.show(alert.severity, alert.message, {}, titles).then((choice) => {
        const action = alert.actions.find((a) => actionTitle(a, alert.upgradeTo) === choice);
        if (action === 'upgrade' && alert.upgradeTo) void this.deps.openPlans(alert.upgradeTo);
        else if (action) void this.deps.openUsage();
      });
    }
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
