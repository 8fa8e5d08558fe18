/** Typed access to the extension's settings (contributed in package.json). */
import * as vscode from 'vscode';

export const SETTINGS_SECTION = 'planBilling';
export const DEFAULT_SERVICE_URL = 'http://127.0.0.1:4242';

export function serviceUrl(): string {
  const value = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string>('serviceUrl', DEFAULT_SERVICE_URL).trim();
  return value === '' ? DEFAULT_SERVICE_URL : value.replace(/\/+$/, '');
}

export function muteNonCriticalNotifications(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>('notifications.muteNonCritical', false);
}
