/** Applies the context keys to VS Code whenever the snapshot changes (only changed keys). */
import * as vscode from 'vscode';
import { type AccountView } from '../account/accountInterfaces';
import { DisposableStore } from '../util/disposables';
import { type UsageView } from '../usage/usageStore';
import { contextKeyUpdates, contextKeyValues, type ContextKeyValues } from './contextKeys';

export interface ContextKeySyncDeps {
  readonly account: AccountView;
  /** planBilling.quotaExceeded follows it. */
  readonly usage?: UsageView;
}

export class ContextKeySync implements vscode.Disposable {
  private applied: ContextKeyValues | undefined;
  private readonly disposables = new DisposableStore();
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ContextKeySyncDeps) {
    this.apply();
    this.disposables.add(deps.account.onDidChange(() => this.apply()));
    if (deps.usage) this.disposables.add(deps.usage.onDidChange(() => this.apply()));
  }

  /** The values last applied. */
  get values(): ContextKeyValues | undefined {
    return this.applied;
  }

  /** Resolves when every setContext issued so far has completed. */
  flushed(): Promise<void> {
    return this.pending;
  }

  private apply(): void {
    const next = contextKeyValues(this.deps.account.snapshot, this.deps.usage?.usage);
    const updates = contextKeyUpdates(this.applied, next);
    // A revoked feature key stays as false, so the next comparison still sees it.
    this.applied = { ...Object.fromEntries(updates), ...next };
    if (updates.length === 0) return;
    const writes = updates.map(([key, value]) => vscode.commands.executeCommand('setContext', key, value));
    this.pending = Promise.all([this.pending, ...writes]).then(() => undefined);
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
