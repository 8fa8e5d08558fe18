/**
 * The AuthenticationProvider (id "planbilling"): the signed-in account shows
 * in VS Code's Accounts menu, with sign-out there too. Sessions carry an
 * opaque value instead of the service's access token (authenticationSession.ts).
 */
import * as vscode from 'vscode';
import { DisposableStore } from '../util/disposables';
import { toAuthenticationSession } from './authenticationSession';
import { type SessionEvents, type StoredSession } from './authSessions';

export interface AuthProviderDeps {
  readonly sessions: SessionEvents;
  /** Runs the sign-in flow (the Accounts menu's "Sign in"). */
  readonly signIn: () => Promise<StoredSession>;
  /** Signs out and clears the account (the Accounts menu's "Sign out"). */
  readonly signOut: () => Promise<void>;
}

export class PlanBillingAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly emitter = this.disposables.add(new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>());
  readonly onDidChangeSessions = this.emitter.event;
  private last: vscode.AuthenticationSession | undefined;

  constructor(private readonly deps: AuthProviderDeps) {
    const { sessions } = deps;
    this.last = sessions.current ? toAuthenticationSession(sessions.current) : undefined;
    this.disposables.add(sessions.onDidChange((session) => this.onSessionChanged(session)));
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const session = this.deps.sessions.current ?? (this.deps.sessions.isLoaded ? undefined : await this.deps.sessions.load());
    return session ? [toAuthenticationSession(session)] : [];
  }

  async createSession(): Promise<vscode.AuthenticationSession> {
    return toAuthenticationSession(await this.deps.signIn());
  }

  async removeSession(sessionId: string): Promise<void> {
    if (this.deps.sessions.current?.id === sessionId) await this.deps.signOut();
  }

  private onSessionChanged(session: StoredSession | undefined): void {
    const next = session ? toAuthenticationSession(session) : undefined;
    const previous = this.last;
    this.last = next;
    // A token rotation keeps the sign-in: nothing VS Code sees has changed.
    if (previous?.id === next?.id) return;
    this.emitter.fire({ added: next ? [next] : [], removed: previous ? [previous] : [], changed: [] });
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
