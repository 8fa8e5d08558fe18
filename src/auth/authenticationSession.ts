/**
 * What the Accounts menu and other extensions see of a sign-in: the account
 * (id, email as its label) and an opaque per-session value where VS Code has
 * room for an access token. The service's bearer token stays inside this
 * extension: an extension the user lets use the account gets nothing it could
 * call the billing service with (the exported API is how it asks about
 * entitlements). Pure.
 */
import { createHash } from 'node:crypto';
import { type AuthenticationSession } from 'vscode';
import { type StoredSession } from './authSessions';

/** A stable, non-secret value per sign-in; it authenticates nothing anywhere. */
export function opaqueSessionValue(sessionId: string): string {
  return `planbilling-session-${createHash('sha256').update(sessionId).digest('base64url').slice(0, 32)}`;
}

export function toAuthenticationSession(session: StoredSession): AuthenticationSession {
  return {
    id: session.id,
    accessToken: opaqueSessionValue(session.id),
    account: { id: session.user.id, label: session.user.email },
    scopes: [],
  };
}
