/** Typed access to the extension's settings (contributed in package.json). */
import * as vscode from 'vscode';
import { withoutTrailingSlash } from './serviceUrl';

export const SETTINGS_SECTION = 'planBilling';
export const DEFAULT_SERVICE_URL = 'http://127.0.0.1:4242';

export function serviceUrl(): string {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('serviceUrl', DEFAULT_SERVICE_URL).trim();
  return value === '' ? DEFAULT_SERVICE_URL : withoutTrailingSlash(value);
}

export function muteNonCriticalNotifications(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('notifications.muteNonCritical', false);
}

/** Per-attempt request timeout (planBilling.network.timeoutSeconds, 1–120 s). */
export function requestTimeoutMs(): number {
  const seconds = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<number>('network.timeoutSeconds', 10);
  return Math.min(120, Math.max(1, Number.isFinite(seconds) ? seconds : 10)) * 1000;
}
