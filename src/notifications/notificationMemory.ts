/**
 * Which notifications were already shown, in globalState (shared by windows,
 * so each one appears once). It belongs to the signed-in account: the account
 * store clears it with the account's other data.
 */
import { type AccountScopedData } from '../account/accountInterfaces';
import { type KeyValueStore, StorageKeys } from '../util/storage';
import { EMPTY_MEMORY, type NotificationMemory } from './notificationRules';

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
