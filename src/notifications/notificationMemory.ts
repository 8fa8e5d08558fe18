/**
 * Which notifications were already shown, in globalState (shared by windows,
 * so each one appears once). It belongs to the signed-in account: the account
 * store clears it with the account's other data.
 */
import { type AccountScopedData } from '../account/accountInterfaces';
import { type KeyValueStore, StorageKeys } from '../util/storage';
import { type UsageAlertMemory } from './usageAlerts';

export interface NotificationMemory {
  /** Failed invoice ids already announced. */
  readonly failedInvoiceIds: readonly string[];
  /** trialEnd values already reminded about. */
  readonly trialReminders: readonly string[];
  /** "paymentMethodId:renewalDate" pairs already reminded about. */
  readonly cardReminders: readonly string[];
}

export const EMPTY_MEMORY: NotificationMemory = { failedInvoiceIds: [], trialReminders: [], cardReminders: [] };

export interface NotificationMemoryStoreDeps {
  readonly state: KeyValueStore;
}

export class NotificationMemoryStore implements AccountScopedData {
  constructor(private readonly deps: NotificationMemoryStoreDeps) {}

  read(): NotificationMemory {
    return this.deps.state.get<NotificationMemory>(StorageKeys.notificationMemory) ?? EMPTY_MEMORY;
  }

  async write(memory: NotificationMemory): Promise<void> {
    await this.deps.state.update(StorageKeys.notificationMemory, memory);
  }

  async clear(): Promise<void> {
    await this.deps.state.update(StorageKeys.notificationMemory, undefined);
  }
}

/** The usage alerts already shown this period; cleared with the account's data at sign-out. */
export class UsageAlertMemoryStore implements AccountScopedData {
  constructor(private readonly state: KeyValueStore) {}
  read(): UsageAlertMemory | undefined {
    return this.state.get<UsageAlertMemory>(StorageKeys.usageAlerts);
  }
  async write(memory: UsageAlertMemory): Promise<void> {
    await this.state.update(StorageKeys.usageAlerts, memory);
  }
  async clear(): Promise<void> {
    await this.state.update(StorageKeys.usageAlerts, undefined);
  }
}
